package org.chipledger.chaincode.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.junit.jupiter.api.Test;

/**
 * Eq. (1) and Theorem 1 of App C checked by simulation. Bounds are five standard errors of the
 * simulated rate, so a correct plan fails by chance with probability below 1e-6 per assertion.
 */
class DetectionMonteCarloTest {
  private static final int TRIALS = 20_000;
  private static final double SIGMAS = 5;
  private static final double A = PaperTable.H100_FLOP_PER_DAY;

  @Test
  void theSampleSizeOfEquationOneCatchesTheRunWithProbabilityP() {
    // 10,000 chips; the run needs 200 of them for 30 days (b = 2%).
    int fleet = 10_000;
    double h = 200 * A * 30;
    for (double p : new double[] {0.5, 0.9, 0.99}) {
      SamplePlan plan = SampleSize.plan(parameters(p, 30, 30, h, 0.1), fleet);
      ViolatingRun run = new ViolatingRun(fleet, 200, 30, 0.1, 30, 1, (int) plan.perPeriod());

      double rate = run.detectionRate(7 + (long) (p * 100), TRIALS);

      double bound = SIGMAS * standardError(p);
      assertThat(rate).as("p=%s, s=%d", p, plan.perPeriod()).isGreaterThanOrEqualTo(p - bound);
      // Sampling with replacement, and the snapshot chance at the run's real length: the rate the
      // simulation should reach, which only rounding s up lifts above p.
      double expected = 1 - Math.pow(1 - 0.02 * -Math.expm1(-0.1 * 30), plan.perPeriod());
      assertThat(rate).isCloseTo(expected, org.assertj.core.data.Offset.offset(bound));
    }
  }

  @Test
  void overSeveralMonitoringPeriodsTheRunIsSampledEachPeriod() {
    // T = 90 days, T_m = 30: three rounds, each with s from Eq. (1).
    int fleet = 20_000;
    double h = 300 * A * 90;
    SamplePlan plan = SampleSize.plan(parameters(0.9, 90, 30, h, 0.05), fleet);
    assertThat(plan.roundsPerRun()).isEqualTo(3);
    ViolatingRun run = new ViolatingRun(fleet, 300, 90, 0.05, 30, 3, (int) plan.perPeriod());

    double rate = run.detectionRate(11, TRIALS);

    // Eq. (1) takes the snapshot chance of one period for every round: a lower bound.
    assertThat(rate).isGreaterThanOrEqualTo(0.9 - SIGMAS * standardError(0.9));
  }

  @Test
  void splittingTheRunOverMoreChipsForLessTimeDoesNotEvadeDetection() {
    // Theorem 1: the same H on k times as many chips for T/k days; one inspection after the run.
    int fleet = 10_000;
    int baseChips = 200;
    double days = 30;
    double f = 0.1;
    int s =
        (int)
            SampleSize.plan(parameters(0.9, days, days, baseChips * A * days, f), fleet)
                .perPeriod();
    double base = new ViolatingRun(fleet, baseChips, days, f, days, 1, s).detectionRate(21, TRIALS);
    for (int k : new int[] {2, 5, 50}) {
      double split =
          new ViolatingRun(fleet, baseChips * k, days / k, f, days, 1, s)
              .detectionRate(21 + k, TRIALS);
      double bound = SIGMAS * Math.sqrt(2) * standardError(base);
      assertThat(split).as("k=%d", k).isGreaterThanOrEqualTo(base - bound);
    }
  }

  @Test
  void lemma1DetectionIsNonIncreasingInTheTimeEachChipTrains() {
    // p_d(t) = 1 - (1 - (H/(aCt))(1 - e^(-ft)))^s for t where the run fits: H/(aCt) <= 1.
    int checked = 0;
    for (double f : new double[] {0.01, 0.1, 1, 10}) {
      for (double b : new double[] {1e-4, 1e-2, 0.2, 1}) { // H/(aC) in chip-days per chip
        for (int s : new int[] {1, 10, 1000}) {
          double previous = Double.POSITIVE_INFINITY;
          for (double t = b; t <= 400; t *= 1.05) {
            double fraction = Math.min(1, b / t);
            double pd = 1 - Math.pow(1 - fraction * -Math.expm1(-f * t), s);
            assertThat(pd).as("f=%s b=%s s=%d t=%s", f, b, s, t).isLessThanOrEqualTo(previous);
            previous = pd;
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  private static double standardError(double p) {
    return Math.sqrt(p * (1 - p) / TRIALS);
  }

  private static InspectionParameters parameters(
      double p, double t, double tm, double h, double f) {
    return InspectionParameters.newBuilder()
        .setDetectionProbability(p)
        .setTrainingDays(t)
        .setMonitoringPeriodDays(tm)
        .setThresholdFlop(h)
        .setSnapshotsPerDay(f)
        .setChipFlopPerDay(A)
        .build();
  }
}
