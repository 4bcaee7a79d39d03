package org.chipledger.pol.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentSelectorTest {

  @Test
  void topQPicksLargestUpdatesWithTiesToLowerIndex() {
    SegmentSelector.Selection s =
        SegmentSelector.select(new double[] {1, 5, 3, 5, 0}, 2, 0, new byte[32]);
    assertThat(s.topQ()).containsExactly(1, 3);
    assertThat(s.random()).isEmpty();
  }

  @Test
  void randomPicksAreDistinctOutsideTopQAndReproducible() {
    qt().withFixedSeed(3L)
        .forAll(integers().between(1, 60), integers().between(0, 5), longs().all())
        .checkAssert(
            (n, r, beaconSeed) -> {
              double[] norms = new Random(beaconSeed).doubles(n).toArray();
              byte[] seed =
                  SegmentSelector.seed(
                      new byte[32], ByteBuffer.allocate(8).putLong(beaconSeed).array());
              SegmentSelector.Selection s = SegmentSelector.select(norms, 1, r, seed);
              List<Integer> all = s.all();
              assertThat(new HashSet<>(all)).hasSameSizeAs(all);
              assertThat(all).allSatisfy(i -> assertThat(i).isBetween(0, n - 1));
              assertThat(s.random())
                  .hasSize(Math.min(r, n - 1))
                  .doesNotContainAnyElementsOf(s.topQ());
              assertThat(SegmentSelector.select(norms, 1, r, seed)).isEqualTo(s);
            });
  }

  @Test
  void beaconChangesTheRandomSegments() {
    double[] norms = new double[100];
    java.util.Set<List<Integer>> picks = new HashSet<>();
    for (int b = 0; b < 10; b++) {
      picks.add(
          SegmentSelector.select(
                  norms, 0, 3, SegmentSelector.seed(new byte[32], new byte[] {(byte) b}))
              .random());
    }
    assertThat(picks).hasSizeGreaterThan(5);
  }
}
