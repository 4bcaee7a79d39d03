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
}
