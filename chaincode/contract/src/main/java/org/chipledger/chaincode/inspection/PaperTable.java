package org.chipledger.chaincode.inspection;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.proto.ledger.v1.InspectionParameters;

/**
 * Table 1 of Shavit (2023) as printed, beside every cell recomputed: H100-days {@code H/a}, H100s
 * to train in a year {@code ceil(H/a/365)}, and the annual samples {@code 365*s/T_m} of Eq. (1)
 * with s rounded up to whole chips per period (paper-spec §5.5).
 *
 * <p>A printed number agrees with a computed one when they differ by less than one unit of the last
 * printed digit, which accepts both the paper's rounding and its truncation.
 */
public final class PaperTable {
  /** The fleet sizes C of the table's three sample columns. */
  public static final List<Long> FLEETS = List.of(1_000L, 100_000L, 10_000_000L);

  /** The printed dash: no run of H FLOPs fits on C chips within T days. */
  public static final String DASH = "—";

  /** T = T_m = 30 days, f = 0.1 snapshots a day, p = 0.9 (the table's caption). */
  private static final double DAYS = 30;

  private static final double SNAPSHOTS_PER_DAY = 0.1;
  private static final double DETECTION = 0.9;

  /** One H100 SXM: 10^15 dense 16-bit FLOP/s for a day. */
  public static final double H100_FLOP_PER_DAY = 1e15 * 24 * 3600;

  /** Footnote 5: a chip three times an H100, 10^7 chips worldwide, 1,000 chips per inspector. */
  private static final double FOOTNOTE5_FLOP_PER_DAY = 3 * H100_FLOP_PER_DAY;

  private static final long FOOTNOTE5_CHIPS = 10_000_000L;
  private static final double FOOTNOTE5_FLOP = 9.9e24;
  private static final long CHIPS_PER_INSPECTOR_YEAR = 1000;

  /** A row as the paper prints it; {@code samples} follows {@link #FLEETS}. */
  public record Printed(
      String model,
      double flop,
      boolean projected,
      String h100Days,
      String h100sPerYear,
      List<String> samples) {}

  /** The paper's rows, verbatim (the dagger marks projections). */
  public static final List<Printed> PRINTED =
      List.of(
          new Printed(
              "GPT-3", 3.14e23, false, "3.64e+3", "10", List.of("243", "2.43e+4", "2.43e+6")),
          new Printed(
              "Chinchilla", 5.76e23, false, "6.67e+3", "19", List.of("132", "1.33e+4", "1.33e+6")),
          new Printed("PaLM", 2.56e24, false, "2.96e+4", "82", List.of("29", "2.98e+3", "2.99e+5")),
          new Printed(
              "Chinchilla-280B", 9.9e24, true, "1.15e+5", "314", List.of("7", "771", "7.72e+4")),
          new Printed(
              "Chinchilla-1T", 1.27e26, true, "1.47e+6", "4.03e+3", List.of(DASH, "60", "6.02e+3")),
          new Printed(
              "Chinchilla-10T", 1.3e28, true, "1.5e+8", "4.12e+5", List.of(DASH, DASH, "58")));

  /** How a printed cell relates to the computed one. */
  public enum Agreement {
    /** Within one unit of the last printed digit, or a dash where no plan exists. */
    MATCHES,
    /** Off from Eq. (1), but within a unit of the first-order approximation {@code -ln(1-p)/x}. */
    FIRST_ORDER,
    /** The paper prints a number where no sample size can work: the run does not fit on C chips. */
    PRINTED_BUT_INFEASIBLE,
    /** Any other disagreement. */
    DIFFERS
  }

  /**
   * One computed cell.
   *
   * @param printed the paper's text
   * @param value the computed value; NaN where the run does not fit on the fleet
   * @param agreement how the printed text relates to it
   * @param note why they differ; empty when they agree
   */
  public record Cell(String printed, double value, Agreement agreement, String note) {}

  /** A recomputed row: the sample cells follow {@link #FLEETS}, with their plans. */
  public record Row(
      Printed printed,
      Cell h100Days,
      Cell h100sPerYear,
      List<Cell> samples,
      List<SamplePlan> plans) {}

  /** Footnote 5's estimate: the plan and the inspectors it takes at 1,000 chips a year each. */
  public record Footnote5(SamplePlan plan, long inspectors, long chipsPerInspectorYear) {}

  private PaperTable() {}

  /** Every row, recomputed. */
  public static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Printed printed : PRINTED) {
      double days = printed.flop() / H100_FLOP_PER_DAY;
      List<Cell> samples = new ArrayList<>();
      List<SamplePlan> plans = new ArrayList<>();
      for (int i = 0; i < FLEETS.size(); i++) {
        SamplePlan plan = SampleSize.plan(parameters(printed.flop()), FLEETS.get(i));
        plans.add(plan);
        samples.add(samples(printed.samples().get(i), plan));
      }
      rows.add(
          new Row(
              printed,
              plain(printed.h100Days(), days),
              plain(printed.h100sPerYear(), Math.ceil(days / 365)),
              samples,
              plans));
    }
    return rows;
  }

  /** Table 1's inspection parameters for a run of {@code flop} on H100s. */
  public static InspectionParameters parameters(double flop) {
    return parameters(flop, H100_FLOP_PER_DAY);
  }

  /** Footnote 5: a Chinchilla-280B-sized run among 10^7 chips of 3 H100s each. */
  public static Footnote5 footnote5() {
    SamplePlan plan =
        SampleSize.plan(parameters(FOOTNOTE5_FLOP, FOOTNOTE5_FLOP_PER_DAY), FOOTNOTE5_CHIPS);
    long inspectors = (long) Math.ceil(plan.annualSamples() / CHIPS_PER_INSPECTOR_YEAR);
    return new Footnote5(plan, inspectors, CHIPS_PER_INSPECTOR_YEAR);
  }

  /** The annual samples of the first-order approximation {@code s ≈ -ln(1-p)/x}. */
  public static double firstOrderAnnual(SamplePlan plan) {
    return 365.0 / DAYS * -StrictMath.log1p(-DETECTION) / plan.perSampleDetection();
  }

  /** True if {@code printed} lies within one unit of its last digit from {@code value}. */
  public static boolean agrees(String printed, double value) {
    BigDecimal number = new BigDecimal(printed);
    return Math.abs(value - number.doubleValue()) < number.ulp().doubleValue();
  }

  private static InspectionParameters parameters(double flop, double flopPerDay) {
    return InspectionParameters.newBuilder()
        .setDetectionProbability(DETECTION)
        .setTrainingDays(DAYS)
        .setMonitoringPeriodDays(DAYS)
        .setThresholdFlop(flop)
        .setSnapshotsPerDay(SNAPSHOTS_PER_DAY)
        .setChipFlopPerDay(flopPerDay)
        .build();
  }

  private static Cell plain(String printed, double value) {
    return agrees(printed, value)
        ? new Cell(printed, value, Agreement.MATCHES, "")
        : new Cell(
            printed,
            value,
            Agreement.DIFFERS,
            String.format("paper prints %s; computed %.4g", printed, value));
  }

  private static Cell samples(String printed, SamplePlan plan) {
    boolean dash = printed.equals(DASH);
    if (!plan.feasible()) {
      return dash
          ? new Cell(printed, Double.NaN, Agreement.MATCHES, "")
          : new Cell(
              printed,
              Double.NaN,
              Agreement.PRINTED_BUT_INFEASIBLE,
              String.format(
                  "paper prints %s, but a %.0f-day run needs %,.0f chips > C = %,d, so no sample"
                      + " size works",
                  printed, DAYS, Math.ceil(plan.chipsNeeded()), plan.chips()));
    }
    double exact = plan.annualSamples();
    if (dash) {
      return new Cell(
          printed,
          exact,
          Agreement.DIFFERS,
          String.format("paper prints %s, but the run fits on C = %,d chips", DASH, plan.chips()));
    }
    if (agrees(printed, exact)) {
      return new Cell(printed, exact, Agreement.MATCHES, "");
    }
    double firstOrder = firstOrderAnnual(plan);
    if (agrees(printed, firstOrder)) {
      return new Cell(
          printed,
          exact,
          Agreement.FIRST_ORDER,
          String.format(
              "paper prints %s, the first-order approximation -ln(1-p)/x (%,.1f/yr); exact Eq. (1)"
                  + " needs s = %,d per period, %,.1f/yr",
              printed, firstOrder, plan.perPeriod(), exact));
    }
    return new Cell(
        printed,
        exact,
        Agreement.DIFFERS,
        String.format("paper prints %s; exact Eq. (1) gives %,.1f/yr", printed, exact));
  }
}
