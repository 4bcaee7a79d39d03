package org.chipledger.pol.model;

import java.util.List;

/**
 * One named tensor of a model's flat parameter vector: where it starts, its shape (row-major), and
 * how the committed initialisation fills it.
 *
 * @param name a stable name, e.g. {@code "block1.attention.in.weight"}
 * @param offset the index of its first value in the flat vector
 * @param shape its dimensions, outermost first
 * @param bound the half-width b of the uniform U(−b, b) it is drawn from; 0 for a constant tensor
 * @param constant the value of every element when {@code bound} is 0 (1 for a norm's gain)
 */
public record ParameterBlock(
    String name, int offset, List<Integer> shape, float bound, float constant) {

  /** Validates the shape and the initialisation. */
  public ParameterBlock {
    shape = List.copyOf(shape);
    if (offset < 0 || shape.isEmpty() || shape.stream().anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException("invalid parameter block " + name + " " + shape);
    }
    if (!(bound >= 0) || !Float.isFinite(bound) || !Float.isFinite(constant)) {
      throw new IllegalArgumentException("invalid initialisation of " + name);
    }
  }

  /** A block drawn from U(−b, b) with b = 1/√{@code fanIn}. */
  static ParameterBlock uniform(String name, int offset, int fanIn, Integer... shape) {
    return new ParameterBlock(
        name, offset, List.of(shape), (float) (1.0 / StrictMath.sqrt(fanIn)), 0f);
  }

  /** A block of one constant value. */
  static ParameterBlock constant(String name, int offset, float value, Integer... shape) {
    return new ParameterBlock(name, offset, List.of(shape), 0f, value);
  }

  /** Number of values. */
  public int size() {
    int size = 1;
    for (int d : shape) {
      size = Math.multiplyExact(size, d);
    }
    return size;
  }

  /** The dimensions as longs, for tensor libraries. */
  public long[] dimensions() {
    return shape.stream().mapToLong(Integer::longValue).toArray();
  }
}
