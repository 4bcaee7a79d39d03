package org.chipledger.pol.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.WeightHasher;

/**
 * An immutable flat parameter vector in {@link MlpSpec} order. Its canonical bytes (float32
 * little-endian, no header) are what checkpoint files hold; a chip's snapshot hash is the
 * firmware's {@link WeightHasher} over the same values.
 */
public final class Weights {
  private final float[] values;

  private Weights(float[] values) {
    this.values = values;
  }

  /** Wraps a copy of the values. */
  public static Weights of(float[] values) {
    return new Weights(values.clone());
  }

  /**
   * Decodes canonical bytes.
   *
   * @throws IllegalArgumentException if the length is not a multiple of 4
   */
  public static Weights fromCanonicalBytes(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException("canonical weights are whole float32 values");
    }
    float[] values = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return new Weights(values);
  }

  /** Number of parameters. */
  public int size() {
    return values.length;
  }

  /** Parameter {@code i}. */
  public float get(int i) {
    return values[i];
  }

  /** A copy of the values. */
  public float[] toArray() {
    return values.clone();
  }

  /** Float32 little-endian, in parameter order. */
  public byte[] canonicalBytes() {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  /** SHA-256 of the canonical bytes: the value the transcript's checkpoint list records. */
  public byte[] sha256() {
    return Sha256.of(canonicalBytes());
  }

  /** The weight hash a chip's firmware logs when it snapshots these weights. */
  public byte[] chipHash() {
    return WeightHasher.hash(FloatBuffer.wrap(values)).toByteArray();
  }

  /** Euclidean norm, accumulated in double. */
  public double l2Norm() {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }

  /** Euclidean distance to {@code other}, accumulated in double. */
  public double l2Distance(Weights other) {
    requireSameSize(other);
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      double d = (double) values[i] - other.values[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /**
   * {@code this + t·(to − this)} element-wise in float32: a point on the straight line to {@code
   * to}.
   */
  public Weights interpolate(Weights to, double t) {
    requireSameSize(to);
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) (values[i] + t * ((double) to.values[i] - values[i]));
    }
    return new Weights(out);
  }

  private void requireSameSize(Weights other) {
    if (other.values.length != values.length) {
      throw new IllegalArgumentException(
          "weight vectors differ in size: " + values.length + " vs " + other.values.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Weights w && Arrays.equals(values, w.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Weights[" + values.length + " params, sha256=" + Sha256.hex(sha256()) + "]";
  }
}
