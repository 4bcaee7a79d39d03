package org.chipledger.pol.model;

import java.util.Random;

/**
 * The committed initialisation: every parameter block of the model, in order, drawn from U(−b, b)
 * with the block's bound b (1/√fan_in), or set to its constant (a norm's gain 1 and bias 0, which
 * draw nothing), from {@link Random} seeded with the init seed.
 *
 * <p>{@code java.util.Random} is used on purpose: its algorithm is fixed by its specification, so
 * any JVM regenerates the same bits, which lets the verifier demand bit equality instead of PoL's
 * Kolmogorov–Smirnov test (which a permuted genuine sample passes; paper-spec §7.5, §8.2).
 */
public final class Initializer {
  private Initializer() {}

  /** The initial weights of {@code spec} for {@code seed}. */
  public static Weights initialize(ModelSpec spec, long seed) {
    Random random = new Random(seed);
    float[] values = new float[spec.parameterCount()];
    for (ParameterBlock block : spec.parameterBlocks()) {
      int end = block.offset() + block.size();
      for (int i = block.offset(); i < end; i++) {
        values[i] =
            block.bound() == 0f ? block.constant() : (2f * random.nextFloat() - 1f) * block.bound();
      }
    }
    return Weights.of(values);
  }
}
