package org.chipledger.pol.model;

import java.util.Random;

/**
 * The committed initialisation: every parameter of layer l drawn from U(−b, b), b = 1/√fan_in, in
 * parameter order, from {@link Random} seeded with the init seed.
 *
 * <p>{@code java.util.Random} is used on purpose: its algorithm is fixed by its specification, so
 * any JVM regenerates the same bits, which lets the verifier demand bit equality instead of PoL's
 * Kolmogorov–Smirnov test (which a permuted genuine sample passes; paper-spec §7.5, §8.2).
 */
public final class Initializer {
  private Initializer() {}

  /** The initial weights of {@code spec} for {@code seed}. */
  public static Weights initialize(MlpSpec spec, long seed) {
    Random random = new Random(seed);
    float[] values = new float[spec.parameterCount()];
    int i = 0;
    for (int layer = 0; layer < spec.layerCount(); layer++) {
      float bound = (float) (1.0 / StrictMath.sqrt(spec.in(layer)));
      int count = spec.in(layer) * spec.out(layer) + spec.out(layer);
      for (int j = 0; j < count; j++) {
        values[i++] = (2f * random.nextFloat() - 1f) * bound;
      }
    }
    return Weights.of(values);
  }
}
