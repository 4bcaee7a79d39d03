package org.chipledger.chaincode.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.junit.jupiter.api.Test;

/**
 * Equation (1) against an independent computation: the smallest whole s for which the detection
 * probability {@code 1-(1-x)^(ceil(T/T_m)*s)}, evaluated in 60-digit decimal arithmetic without
 * logarithms, reaches p.
 */
class SampleSizeTest {
  private static final MathContext DIGITS = new MathContext(60);
  private static final double H100_FLOP_PER_DAY = 1e15 * 24 * 3600;

  @Test
  void matchesABruteForceSearchOverASeededGrid() {
    Random random = new Random(20230317);
    int feasible = 0;
    for (int i = 0; i < 400; i++) {
      double p = 0.5 + 0.49 * random.nextDouble();
      double t = 1 + random.nextInt(120);
      double tm = 1 + random.nextInt(60);
      double f = 0.01 + random.nextDouble();
      double a = H100_FLOP_PER_DAY * (0.5 + 3 * random.nextDouble());
      long chips = (long) Math.pow(10, 2 + 4 * random.nextDouble());
      // H between 1% and 150% of what the fleet can do in T days, so some cases are infeasible.
      double h = a * t * chips * (0.01 + 1.49 * random.nextDouble());
      InspectionParameters parameters = parameters(p, t, tm, h, f, a);

      SamplePlan plan = SampleSize.plan(parameters, chips);

      long rounds = (long) Math.ceil(t / tm);
      assertThat(plan.roundsPerRun()).isEqualTo(rounds);
      if (h / (a * t) > chips) {
        assertThat(plan.feasible()).as("case %d", i).isFalse();
        continue;
      }
      feasible++;
      double x = h / (a * t * chips) * -Math.expm1(-f * tm);
      long expected = Math.min(chips, smallestSample(x, rounds, p));
      assertThat(plan.feasible()).isTrue();
      assertThat(plan.perPeriod())
          .as("case %d: x=%s rounds=%d p=%s", i, x, rounds, p)
          .isEqualTo(expected);
      assertThat(plan.annualSamples()).isEqualTo(365.0 * expected / tm);
      if (plan.perPeriod() < chips) {
        assertThat(detection(x, rounds, plan.perPeriod()).doubleValue()).isGreaterThanOrEqualTo(p);
      }
    }
    assertThat(feasible).as("the grid must exercise feasible plans").isGreaterThan(200);
  }

  @Test
  void onePeriodPerRunWhenTheRunIsShorterThanThePeriod() {
    SamplePlan plan = SampleSize.plan(parameters(0.9, 10, 30, 1e24, 0.1, H100_FLOP_PER_DAY), 1000);
    assertThat(plan.roundsPerRun()).isEqualTo(1);
  }

  @Test
  void aRunThatNeedsMoreChipsThanExistIsInfeasible() {
    // Chinchilla-280B in 30 days needs about 3,819 H100s.
    SamplePlan plan = SampleSize.plan(table1(9.9e24), 1000);
    assertThat(plan.chipsNeeded()).isBetween(3819.0, 3820.0);
    assertThat(plan.feasible()).isFalse();
    assertThat(plan.perPeriod()).isZero();
    assertThat(SampleSize.plan(table1(9.9e24), 0).feasible()).isFalse();
  }

  @Test
  void table1AtOneHundredThousandAndTenMillionChips() {
    // Whole chips per 30-day period, times 365/30; the paper prints 3 significant digits.
    assertThat(annual(3.14e23, 100_000)).isEqualTo(365.0 * 2000 / 30); // 2.43e+4
    assertThat(annual(5.76e23, 100_000)).isEqualTo(365.0 * 1090 / 30); // 1.33e+4
    assertThat(annual(2.56e24, 100_000)).isEqualTo(365.0 * 245 / 30); // 2.98e+3
    assertThat(annual(3.14e23, 10_000_000)).isEqualTo(365.0 * 200_032 / 30); // 2.43e+6
    assertThat(annual(5.76e23, 10_000_000)).isEqualTo(365.0 * 109_045 / 30); // 1.33e+6
    assertThat(annual(2.56e24, 10_000_000)).isEqualTo(365.0 * 24_535 / 30); // 2.99e+5
    assertThat(annual(9.9e24, 10_000_000)).isEqualTo(365.0 * 6344 / 30); // 7.72e+4
    assertThat(sig3(annual(3.14e23, 100_000))).isEqualTo(2.43e4);
    assertThat(sig3(annual(5.76e23, 100_000))).isEqualTo(1.33e4);
    assertThat(sig3(annual(2.56e24, 100_000))).isEqualTo(2.98e3);
    assertThat(sig3(annual(3.14e23, 10_000_000))).isEqualTo(2.43e6);
    assertThat(sig3(annual(5.76e23, 10_000_000))).isEqualTo(1.33e6);
    assertThat(sig3(annual(2.56e24, 10_000_000))).isEqualTo(2.99e5);
    assertThat(sig3(annual(9.9e24, 10_000_000))).isEqualTo(7.72e4);
  }

  @Test
  void table1CellsWhereThePaperPrintsTheFirstOrderApproximation() {
    // paper-spec §5.5: the paper prints floor(365/T_m * -ln(1-p)/x) in these cells.
    assertThat(annual(3.14e23, 1000)).isEqualTo(365.0 * 19 / 30); // paper 243
    assertThat(annual(5.76e23, 1000)).isEqualTo(365.0 * 10 / 30); // paper 132
    assertThat(annual(2.56e24, 1000)).isEqualTo(365.0 * 1 / 30); // paper 29
    assertThat(annual(9.9e24, 100_000)).isEqualTo(365.0 * 63 / 30); // paper 771
    assertThat(annual(1.27e26, 100_000)).isEqualTo(365.0 * 4 / 30); // paper 60
    assertThat(annual(1.27e26, 10_000_000))
        .isEqualTo(365.0 * 494 / 30); // 6,010.3/yr: paper 6.02e+3, within a unit
    assertThat(annual(1.3e28, 10_000_000)).isEqualTo(365.0 * 4 / 30); // paper 58
    assertThat(Math.floor(firstOrderAnnual(3.14e23, 1000))).isEqualTo(243);
    assertThat(Math.floor(firstOrderAnnual(5.76e23, 1000))).isEqualTo(132);
    assertThat(Math.floor(firstOrderAnnual(2.56e24, 1000))).isEqualTo(29);
    assertThat(Math.floor(firstOrderAnnual(9.9e24, 100_000))).isEqualTo(771);
    assertThat(Math.floor(firstOrderAnnual(1.27e26, 100_000))).isEqualTo(60);
    assertThat(sig3(firstOrderAnnual(1.27e26, 10_000_000))).isEqualTo(6.02e3);
    assertThat(Math.floor(firstOrderAnnual(1.3e28, 10_000_000))).isEqualTo(58);
  }

  @Test
  void table1DashesAreExactlyTheInfeasibleCells() {
    assertThat(SampleSize.plan(table1(1.27e26), 1000).feasible()).isFalse();
    assertThat(SampleSize.plan(table1(1.3e28), 1000).feasible()).isFalse();
    assertThat(SampleSize.plan(table1(1.3e28), 100_000).feasible()).isFalse();
    // Printed as 7 in the paper, but a 30-day run needs ~3,819 chips > 1,000.
    assertThat(SampleSize.plan(table1(9.9e24), 1000).feasible()).isFalse();
    assertThat(SampleSize.plan(table1(1.27e26), 100_000).feasible()).isTrue();
    assertThat(SampleSize.plan(table1(1.3e28), 10_000_000).feasible()).isTrue();
  }

  @Test
  void footnote5NeedsAbout232000SamplesAYear() {
    SamplePlan plan =
        SampleSize.plan(parameters(0.9, 30, 30, 9.9e24, 0.1, 3 * H100_FLOP_PER_DAY), 10_000_000);
    assertThat(plan.perPeriod()).isEqualTo(19_033);
    assertThat(Math.round(plan.annualSamples())).isEqualTo(231_568);
    assertThat(Math.round(plan.annualSamples() / 1000) * 1000).isEqualTo(232_000);
  }

  @Test
  void rejectsParametersOutsideTheirDomain() {
    assertThatThrownBy(() -> SampleSize.plan(parameters(1.0, 30, 30, 1e24, 0.1, 1e20), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SampleSize.plan(parameters(0.9, 0, 30, 1e24, 0.1, 1e20), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SampleSize.plan(parameters(0.9, 30, 30, 1e24, 0.1, 1e20), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Smallest s with 1-(1-x)^(rounds*s) >= p: doubling, then bisection, on exact decimals. */
  private static long smallestSample(double x, long rounds, double p) {
    BigDecimal target = new BigDecimal(p);
    long high = 1;
    while (detection(x, rounds, high).compareTo(target) < 0) {
      high *= 2;
    }
    long low = high / 2; // detection(low) < p, or low == 0
    while (high - low > 1) {
      long mid = (low + high) >>> 1;
      if (detection(x, rounds, mid).compareTo(target) >= 0) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
  }

  private static BigDecimal detection(double x, long rounds, long s) {
    BigDecimal miss = BigDecimal.ONE.subtract(new BigDecimal(x));
    return BigDecimal.ONE.subtract(miss.pow(Math.toIntExact(rounds * s), DIGITS));
  }

  private static double annual(double h, long chips) {
    return SampleSize.plan(table1(h), chips).annualSamples();
  }

  private static double firstOrderAnnual(double h, long chips) {
    double x = h / (H100_FLOP_PER_DAY * 30 * chips) * -Math.expm1(-0.1 * 30);
    return 365.0 / 30 * -Math.log(1 - 0.9) / x;
  }

  private static double sig3(double value) {
    return new BigDecimal(value).round(new MathContext(3)).doubleValue();
  }

  /** Table 1's parameters: T = T_m = 30 days, f = 0.1/day, p = 0.9, a = one H100. */
  private static InspectionParameters table1(double h) {
    return parameters(0.9, 30, 30, h, 0.1, H100_FLOP_PER_DAY);
  }

  private static InspectionParameters parameters(
      double p, double t, double tm, double h, double f, double a) {
    return InspectionParameters.newBuilder()
        .setDetectionProbability(p)
        .setTrainingDays(t)
        .setMonitoringPeriodDays(tm)
        .setThresholdFlop(h)
        .setSnapshotsPerDay(f)
        .setChipFlopPerDay(a)
        .build();
  }
}
