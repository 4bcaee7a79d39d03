package org.chipledger.chaincode.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleDrawTest {
  private static final long SEED = 0x5eed_7L;

  /**
   * chi-square with 9 degrees of freedom exceeds this with probability about 1e-6; the seeds below
   * are fixed, so the test's outcome is too, and a fair draw sits far below it.
   */
  private static final double CHI_SQUARE_9_DF_ONE_IN_A_MILLION = 46.0;

  private static byte[] seed(int k) {
    return SampleDraw.commitment(("test seed " + k).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> population(int n) {
    List<String> serials = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      serials.add(String.format("SN-%05d", i));
    }
    return serials;
  }

  @Test
  void theDrawIsReproducibleDistinctAndInsideThePopulation() {
    qt().withFixedSeed(SEED)
        .withExamples(300)
        .forAll(
            integers().between(0, 1_000_000),
            strings().basicLatinAlphabet().ofLengthBetween(1, 64),
            integers().between(0, 400),
            integers().between(0, 450))
        .checkAssert(
            (k, ackTxId, n, s) -> {
              List<String> population = population(n);
              List<String> first = SampleDraw.draw(seed(k), ackTxId, population, s);
              assertThat(SampleDraw.draw(seed(k), ackTxId, population, s)).isEqualTo(first);
              assertThat(first).hasSize(Math.min(n, s)).doesNotHaveDuplicates();
              assertThat(population).containsAll(first);
            });
  }

  @Test
  void eachInputOfTheKeyChangesTheDraw() {
    List<String> population = population(1000);
    List<String> base = SampleDraw.draw(seed(1), "ack-1", population, 20);
    // 20 of 1000 chips: two independent draws coincide with negligible probability.
    assertThat(SampleDraw.draw(seed(2), "ack-1", population, 20)).isNotEqualTo(base);
    assertThat(SampleDraw.draw(seed(1), "ack-2", population, 20)).isNotEqualTo(base);
    // A smaller sample is a prefix of a larger one: the draw order is the stream's.
    assertThat(SampleDraw.draw(seed(1), "ack-1", population, 5)).isEqualTo(base.subList(0, 5));
  }

  @Test
  void everyChipIsEquallyLikelyToBeSampledAndToBeDrawnFirst() {
    int n = 10;
    int s = 3;
    int draws = 3000;
    long[] included = new long[n];
    long[] first = new long[n];
    for (int k = 0; k < draws; k++) {
      List<Integer> picked = SampleDraw.indices(seed(k), "ack-" + k, n, s);
      assertThat(new HashSet<>(picked)).hasSize(s);
      picked.forEach(i -> included[i]++);
      first[picked.get(0)]++;
    }
    assertThat(chiSquare(included, (double) draws * s / n))
        .isLessThan(CHI_SQUARE_9_DF_ONE_IN_A_MILLION);
    assertThat(chiSquare(first, (double) draws / n)).isLessThan(CHI_SQUARE_9_DF_ONE_IN_A_MILLION);
  }

  @Test
  void theTestsBoundRejectsABiasedDraw() {
    // The same statistic on "always the first s chips" is enormous: the bound has teeth.
    long[] included = {3000, 3000, 3000, 0, 0, 0, 0, 0, 0, 0};
    assertThat(chiSquare(included, 900.0)).isGreaterThan(CHI_SQUARE_9_DF_ONE_IN_A_MILLION);
  }

  @Test
  void indexesBelowABoundThatIsNoPowerOfTwoAreUniform() {
    SampleDraw.Stream stream = new SampleDraw.Stream(SampleDraw.key(seed(9), "ack"));
    long[] counts = new long[10];
    for (int i = 0; i < 20_000; i++) {
      counts[stream.below(10)]++;
    }
    assertThat(chiSquare(counts, 2000.0)).isLessThan(CHI_SQUARE_9_DF_ONE_IN_A_MILLION);
  }

  @Test
  void theDigestBindsOrderAndMembersAndTheSeedMustBe32Bytes() {
    assertThat(SampleDraw.populationDigest(List.of("A", "B")))
        .isNotEqualTo(SampleDraw.populationDigest(List.of("B", "A")))
        .isNotEqualTo(SampleDraw.populationDigest(List.of("AB")));
    assertThat(SampleDraw.sorted(List.of("b", "a", "c"))).containsExactly("a", "b", "c");
    assertThatThrownBy(() -> SampleDraw.sorted(List.of("a", "a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SampleDraw.indices(new byte[31], "ack", 10, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double chiSquare(long[] observed, double expected) {
    double sum = 0;
    for (long o : observed) {
      sum += (o - expected) * (o - expected) / expected;
    }
    return sum;
  }
}
