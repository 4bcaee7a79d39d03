package org.chipledger.app.inspection;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.CampaignPlan;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.ThresholdStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "plan",
    description =
        "Eq. (1): chips to sample per monitoring period for an owner's monitored chips, annual"
            + " samples and inspectors needed.")
final class PlanCommand extends LedgerCommand {
  @Option(names = "--owner", required = true, description = "The owner organisation's id.")
  String owner;

  @Override
  protected void run(LedgerClient ledger, Output out) {
    CampaignPlan plan = ledger.planCampaign(owner);
    out.recordOr(
        plan,
        () -> {
          InspectionParameters p = plan.getParameters();
          out.line(
              String.format(
                  Locale.ROOT,
                  "owner %s: C = %,d monitored chips (controlled, active or deployed)",
                  plan.getOwnerOrg(),
                  plan.getChips()));
          out.line(
              String.format(
                  Locale.ROOT,
                  "policy: p = %s, H = %.3g FLOP (in force now), a = %.3g FLOP/day, f = %s/day, T = %s d,"
                      + " T_m = %s d",
                  p.getDetectionProbability(),
                  p.getThresholdFlop(),
                  p.getChipFlopPerDay(),
                  p.getSnapshotsPerDay(),
                  p.getTrainingDays(),
                  p.getMonitoringPeriodDays()));
          for (ThresholdStep step : ledger.policy().getThresholdScheduleList()) {
            out.line(
                String.format(
                    Locale.ROOT,
                    "H schedule: from %s H = %.3g FLOP",
                    Instant.ofEpochSecond(step.getFrom().getSeconds()).toString().substring(0, 10),
                    step.getThresholdFlop()));
          }
          out.line(
              String.format(
                  Locale.ROOT,
                  "H/(aT) = %,.1f chips can run H FLOP within T days",
                  plan.getChipsNeeded()));
          if (!plan.getFeasible()) {
            out.line(
                "no sample: a run of H FLOP cannot fit on the owner's chips within T days (Table 1's"
                    + " \"-\")");
            return;
          }
          double inspectors = plan.getAnnualSamples() / CampaignText.CHIPS_PER_INSPECTOR_YEAR;
          out.table(
              List.of("quantity", "value"),
              List.of(
                  List.of("x (one sample catches the run)", format(plan.getPerSampleDetection())),
                  List.of("rounds per run ceil(T/T_m)", Long.toString(plan.getRoundsPerRun())),
                  List.of("s per period of T_m days", String.format("%,d", plan.getPerPeriod())),
                  List.of(
                      "annual samples 365*s/T_m",
                      String.format(Locale.ROOT, "%,.1f", plan.getAnnualSamples())),
                  List.of(
                      "inspectors at 1000 chips/yr (fn 5)",
                      String.format(
                          Locale.ROOT,
                          "%.2f, i.e. %d",
                          inspectors,
                          (long) Math.ceil(inspectors)))));
        });
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }
}
