package org.chipledger.pol.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 20 items 1 and 2: the stated bound against hand-computed values, and draws by step. */
class CatchProbabilityTest {
  @Test
  void theBoundMatchesHandComputedValues() {
    // One draw, 400 steps, a 10-step top-Q segment: 40 fabricated of 390 drawable = 0.102564.
    assertThat(CatchProbability.lowerBound(0.10, 400, 390, 1, false))
        .isCloseTo(0.102564, within(1e-6));
    // Two draws over all 400 steps at phi = 1/2: 1 - 1/4.
    assertThat(CatchProbability.lowerBound(0.50, 400, 400, 2, false)).isEqualTo(0.75);
    // Three draws at phi = 5% of 1000, 950 drawable: 1 - (18/19)^3 = 1027/6859.
    assertThat(CatchProbability.lowerBound(0.05, 1000, 950, 3, false))
        .isCloseTo(1027.0 / 6859, within(1e-12));
    assertThat(CatchProbability.lowerBound(0.01, 400, 390, 1, true)).isEqualTo(1.0);
    assertThat(CatchProbability.lowerBound(0.60, 400, 200, 1, false)).isEqualTo(1.0);
  }

  @Test
  void aSegmentIsDrawnInProportionToItsSteps() {
    // One 9-step segment beside nine 1-step ones: drawn with probability 9/18 by step (1/10 by
    // count, which is what dilution exploited).
    int[] steps = {9, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    double[] norms = new double[steps.length];
    int hits = 0;
    int trials = 4000;
    for (int t = 0; t < trials; t++) {
      byte[] seed =
          SegmentSelector.seed(new byte[32], java.nio.ByteBuffer.allocate(4).putInt(t).array());
      if (SegmentSelector.select(norms, steps, 0, 1, seed).random().get(0) == 0) {
        hits++;
      }
    }
    // 4000 draws: standard deviation 0.0079 around 0.5.
    assertThat(hits / (double) trials).isCloseTo(0.5, within(0.03));
  }

  @Test
  void drawsWithoutReplacementCoverEverySegmentOnce() {
    int[] steps = {5, 1, 3, 1, 1};
    List<Integer> all =
        new ArrayList<>(SegmentSelector.select(new double[5], steps, 0, 9, new byte[32]).random());
    assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
  }

  @Test
  void withSnapshotsMatchesHandComputedValues() {
    // One draw (40 fabricated of 390 drawable) and three snapshot steps at phi = 10%:
    // 1 - (350/390) * 0.9^3 = 1 - 0.6542308 = 0.3457692.
    assertThat(CatchProbability.withSnapshots(0.10, 400, 390, 1, false, 3))
        .isCloseTo(0.3457692, within(1e-6));
    // No snapshot: replay alone.
    assertThat(CatchProbability.withSnapshots(0.05, 1000, 950, 3, false, 0))
        .isEqualTo(CatchProbability.lowerBound(0.05, 1000, 950, 3, false));
    // No draw, ten snapshot steps at phi = 1/2: 1 - 2^-10.
    assertThat(CatchProbability.withSnapshots(0.5, 400, 400, 0, false, 10))
        .isCloseTo(1 - 1.0 / 1024, within(1e-12));
    assertThat(CatchProbability.withSnapshots(0.01, 400, 390, 1, true, 5)).isEqualTo(1.0);
  }

  /**
   * Monte Carlo of the whole mechanism with a fixed seed: 200 steps in 20 ten-step segments, the
   * first the top-Q pick, the last {@code fabricated} steps fabricated (whole segments), one random
   * segment drawn by step through {@link SegmentSelector} and {@code m} distinct snapshot steps
   * uniform in 1..200. The rate is compared with the exact probability computed independently
   * (hypergeometric for the snapshots), and the stated bound is at most that.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"20, 1", "20, 4", "50, 3", "100, 6", "10, 12"})
  void withSnapshotsBoundsTheSimulatedCatchRate(int fabricated, int m) {
    int steps = 200;
    int segments = 20;
    double[] norms = new double[segments];
    norms[0] = 1; // the top-Q pick, honest
    int[] lengths = new int[segments];
    java.util.Arrays.fill(lengths, 10);
    java.util.Random random = new java.util.Random(20_2026L + 31L * fabricated + m);
    int trials = 20_000;
    int caught = 0;
    for (int t = 0; t < trials; t++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      int drawn = SegmentSelector.select(norms, lengths, 1, 1, seed).random().get(0);
      boolean hit = (drawn + 1) * 10 > steps - fabricated;
      java.util.Set<Integer> snapshots = new java.util.HashSet<>();
      while (snapshots.size() < m) {
        snapshots.add(1 + random.nextInt(steps));
      }
      for (int s : snapshots) {
        hit |= s > steps - fabricated;
      }
      caught += hit ? 1 : 0;
    }
    double rate = caught / (double) trials;
    // Independent exact value: the draw misses with (190 - f)/190; m distinct snapshot steps all
    // miss the f fabricated ones with C(200 - f, m) / C(200, m).
    double snapshotsMiss = 1;
    for (int i = 0; i < m; i++) {
      snapshotsMiss *= (steps - fabricated - i) / (double) (steps - i);
    }
    double exact = 1 - (190.0 - fabricated) / 190 * snapshotsMiss;
    double bound =
        CatchProbability.withSnapshots(fabricated / (double) steps, steps, 190, 1, false, m);
    double sigma = Math.sqrt(exact * (1 - exact) / trials);

    assertThat(rate).isCloseTo(exact, within(4 * sigma + 1e-9));
    assertThat(bound).isLessThanOrEqualTo(exact + 1e-12);
    // The bound gives away only the without-replacement gain of the snapshots.
    assertThat(exact - bound).isLessThan(0.02);
  }
}
