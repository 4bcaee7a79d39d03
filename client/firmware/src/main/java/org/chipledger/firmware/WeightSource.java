package org.chipledger.firmware;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Where a chip's weights come from when it snapshots them; {@link WeightHasher} hashes each. */
public sealed interface WeightSource {

  /** A file of raw little-endian float32 values (numpy's {@code astype('<f4').tofile()}). */
  record WeightFile(Path path) implements WeightSource {}

  /** Weights in memory; the buffer's remaining values are hashed and its position is untouched. */
  record FloatWeights(FloatBuffer values) implements WeightSource {}

  /** Raw little-endian float32 bytes in memory, hashed without a copy. */
  record RawWeights(ByteBuffer littleEndianFloat32) implements WeightSource {}

  /** Weights a trainer hands over at snapshot time, e.g. the PoL reference trainer's. */
  record Supplied(Supplier<float[]> supplier) implements WeightSource {}

  static WeightSource file(Path path) {
    return new WeightFile(path);
  }

  static WeightSource of(float[] values) {
    return new FloatWeights(FloatBuffer.wrap(values));
  }

  static WeightSource supplied(Supplier<float[]> supplier) {
    return new Supplied(supplier);
  }
}
