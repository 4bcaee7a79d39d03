package org.chipledger.pol.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.chipledger.crypto.Sha256;

/**
 * One training batch: {@code size} examples of {@code inputSize} features and an integer class
 * label. Its canonical bytes (per example: float32 LE features, then int32 LE label) are what data
 * shards hold and what the data commitment hashes, so that every feature bit is bound (paper-spec
 * §7.8 item 2).
 */
public final class Batch {
  private final int inputSize;
  private final float[] features;
  private final int[] labels;

  private Batch(int inputSize, float[] features, int[] labels) {
    this.inputSize = inputSize;
    this.features = features;
    this.labels = labels;
  }

  /**
   * A batch from row-major features [size][inputSize] and labels [size] (both copied).
   *
   * @throws IllegalArgumentException if the lengths disagree
   */
  public static Batch of(int inputSize, float[] features, int[] labels) {
    if (inputSize <= 0 || features.length != labels.length * inputSize) {
      throw new IllegalArgumentException("features and labels disagree on the batch size");
    }
    return new Batch(inputSize, features.clone(), labels.clone());
  }

  /**
   * Decodes canonical bytes.
   *
   * @throws IllegalArgumentException if the length is not a whole number of examples
   */
  public static Batch fromCanonicalBytes(int inputSize, byte[] bytes) {
    int exampleBytes = 4 * inputSize + 4;
    if (bytes.length % exampleBytes != 0) {
      throw new IllegalArgumentException("batch bytes are not a whole number of examples");
    }
    int size = bytes.length / exampleBytes;
    float[] features = new float[size * inputSize];
    int[] labels = new int[size];
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int e = 0; e < size; e++) {
      for (int f = 0; f < inputSize; f++) {
        features[e * inputSize + f] = buffer.getFloat();
      }
      labels[e] = buffer.getInt();
    }
    return new Batch(inputSize, features, labels);
  }

  /** Number of examples. */
  public int size() {
    return labels.length;
  }

  /** Width of an example. */
  public int inputSize() {
    return inputSize;
  }

  /** A copy of the row-major features. */
  public float[] features() {
    return features.clone();
  }

  /** A copy of the labels. */
  public int[] labels() {
    return labels.clone();
  }

  /** The canonical encoding. */
  public byte[] canonicalBytes() {
    ByteBuffer buffer =
        ByteBuffer.allocate(labels.length * (4 * inputSize + 4)).order(ByteOrder.LITTLE_ENDIAN);
    for (int e = 0; e < labels.length; e++) {
      for (int f = 0; f < inputSize; f++) {
        buffer.putFloat(features[e * inputSize + f]);
      }
      buffer.putInt(labels[e]);
    }
    return buffer.array();
  }

  /** SHA-256 of the canonical encoding: a leaf of the data commitment. */
  public byte[] sha256() {
    return Sha256.of(canonicalBytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Batch b
        && inputSize == b.inputSize
        && Arrays.equals(features, b.features)
        && Arrays.equals(labels, b.labels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(features) + Arrays.hashCode(labels);
  }
}
