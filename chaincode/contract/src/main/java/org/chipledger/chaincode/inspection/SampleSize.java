package org.chipledger.chaincode.inspection;

import org.chipledger.proto.ledger.v1.InspectionParameters;

/**
 * Equation (1) of Shavit (2023): how many of an owner's chips to sample per monitoring period so
 * that a training run above the threshold H is caught with probability p.
 *
 * <p>Exact form, rounded up to whole chips (paper-spec §5.3): {@code s = ceil(ln(1-p) /
 * (ceil(T/T_m) * ln(1-x)))} with {@code x = H/(a*T*C) * (1 - e^(-f*T_m))}. The paper's Table 1
 * sometimes prints the first-order approximation instead; this class never does.
 *
 * <p>Every peer must compute the same s: {@code StrictMath}'s fdlibm results are the same on every
 * JVM, where {@code Math.expm1}/{@code log1p} may differ by an ulp and so round s differently at a
 * boundary.
 */
public final class SampleSize {
  private static final double DAYS_PER_YEAR = 365.0;

  private SampleSize() {}

  /**
   * The plan for {@code chips} monitored chips.
   *
   * @throws IllegalArgumentException if a parameter is outside its domain
   */
  public static SamplePlan plan(InspectionParameters parameters, long chips) {
    double p = parameters.getDetectionProbability();
    double h = parameters.getThresholdFlop();
    double a = parameters.getChipFlopPerDay();
    double f = parameters.getSnapshotsPerDay();
    double t = parameters.getTrainingDays();
    double tm = parameters.getMonitoringPeriodDays();
    require(p > 0 && p < 1, "detection probability p must lie in (0, 1)");
    require(h > 0 && a > 0 && f > 0 && t > 0 && tm > 0, "H, a, f, T and T_m must be positive");
    require(chips >= 0, "chip count must not be negative");

    double chipsNeeded = h / (a * t);
    long roundsPerRun = (long) Math.ceil(t / tm);
    if (chips == 0 || chipsNeeded > chips) {
      return new SamplePlan(chips, chipsNeeded, Double.NaN, roundsPerRun, 0, 0.0, false);
    }
    double perSample = chipsNeeded / chips * -StrictMath.expm1(-f * tm);
    long perPeriod;
    if (perSample >= 1) {
      perPeriod = 1;
    } else {
      double exact = StrictMath.log1p(-p) / (roundsPerRun * StrictMath.log1p(-perSample));
      perPeriod = Math.min(chips, (long) Math.ceil(exact));
    }
    return new SamplePlan(
        chips,
        chipsNeeded,
        perSample,
        roundsPerRun,
        perPeriod,
        DAYS_PER_YEAR * perPeriod / tm,
        true);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
