package org.chipledger.app.cli;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.chipledger.app.inspection.CampaignSeeds;
import org.chipledger.app.inspection.FindingRecorder;
import org.chipledger.app.inspection.SampleVerification;
import org.chipledger.chaincode.inspection.Campaigns;
import org.chipledger.chaincode.inspection.Findings;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignPlan;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.FlaggedRun;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The inspector's campaign commands (sub-commands of {@code inspect}): plan a sample with Eq. (1),
 * open a campaign on a secret seed, draw, record findings, and let anyone verify the draw.
 */
final class CampaignCommand {
  /** Paper fn 5: "A single inspector might be expected to verify at least 1000 chips a year". */
  static final double CHIPS_PER_INSPECTOR_YEAR = 1000;

  /** Exit code of verify-sample when the owner's population changed since the draw. */
  static final int UNVERIFIABLE = 4;

  private CampaignCommand() {}

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static CampaignSeeds seeds(LedgerCommand command) {
    return new CampaignSeeds(command.options().dataDir.resolve("campaign-seeds"));
  }

  @Command(
      name = "plan",
      description =
          "Eq. (1): chips to sample per monitoring period for an owner's monitored chips, annual"
              + " samples and inspectors needed.")
  static final class Plan extends LedgerCommand {
    @Option(names = "--owner", required = true, description = "The owner organisation's id.")
    String owner;

    @Override
    void run(LedgerClient ledger, Output out) {
      CampaignPlan plan = ledger.planCampaign(owner);
      if (out.json()) {
        out.record(plan);
        return;
      }
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
              "policy: p = %s, H = %.3g FLOP, a = %.3g FLOP/day, f = %s/day, T = %s d, T_m = %s d",
              p.getDetectionProbability(),
              p.getThresholdFlop(),
              p.getChipFlopPerDay(),
              p.getSnapshotsPerDay(),
              p.getTrainingDays(),
              p.getMonitoringPeriodDays()));
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
      double inspectors = plan.getAnnualSamples() / CHIPS_PER_INSPECTOR_YEAR;
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
                      Locale.ROOT, "%.2f, i.e. %d", inspectors, (long) Math.ceil(inspectors)))));
    }

    private static String format(double value) {
      return String.format(Locale.ROOT, "%.4g", value);
    }
  }

  @Command(
      name = "open",
      description =
          "Open a campaign: a fresh secret seed stays in the data directory, its SHA-256 goes on"
              + " the ledger.")
  static final class Open extends LedgerCommand {
    @Option(names = "--owner", required = true, description = "The owner organisation's id.")
    String owner;

    @Option(
        names = "--period",
        required = true,
        description = "The monitoring period, e.g. 2026-12.")
    String period;

    @Option(names = "--campaign", description = "The campaign id (default: OWNER-PERIOD).")
    String campaignId;

    /** Rejections of OpenCampaign by its rules: the ledger changed nothing. */
    @Override
    void run(LedgerClient ledger, Output out) {
      String id = campaignId != null ? campaignId : owner + "-" + period;
      CampaignSeeds seeds = seeds(this);
      Campaign campaign;
      try {
        campaign = seeds.open(ledger, id, owner, period);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot store the seed: " + e.getMessage(), e);
      }
      if (out.json()) {
        out.record(campaign);
        return;
      }
      out.line(
          String.format(
              Locale.ROOT,
              "campaign %s opened: owner %s, period %s, C = %,d, s = %,d",
              campaign.getCampaignId(),
              campaign.getOwnerOrg(),
              campaign.getPeriod(),
              campaign.getPlannedPopulation(),
              campaign.getSampleSize()));
      out.line("seed commitment (SHA-256): " + hex(campaign.getSeedCommitment()));
      out.line("secret seed kept in " + seeds.file(id));
      out.line(
          "next: the owner runs `datacenter ack-campaign --campaign "
              + id
              + "`, then `inspect draw --campaign "
              + id
              + "`");
    }
  }

  @Command(
      name = "draw",
      description =
          "Reveal the campaign's seed and draw the sample (after the owner acknowledged).")
  static final class Draw extends LedgerCommand {
    @Option(names = "--campaign", required = true)
    String campaignId;

    @Override
    void run(LedgerClient ledger, Output out) {
      Campaign campaign;
      try {
        campaign = seeds(this).reveal(ledger, campaignId);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      if (out.json()) {
        out.record(campaign);
        return;
      }
      out.line(
          String.format(
              Locale.ROOT,
              "campaign %s drawn: %d of %,d chips (seed %s, owner's transaction %s)",
              campaign.getCampaignId(),
              campaign.getSampledSerialsCount(),
              campaign.getDrawnPopulation(),
              hex(campaign.getSeed()),
              campaign.getAckTxId()));
      sample(out, campaign, Map.of());
    }
  }

  @Command(
      name = "verify-sample",
      description =
          "Anyone: the revealed seed matches its commitment and the sample is its draw. Exit 0 if"
              + " so, "
              + InspectCommand.VIOLATIONS
              + " if not, "
              + UNVERIFIABLE
              + " if the owner's chips changed since the draw.")
  static final class VerifySample extends LedgerCommand {
    @Option(names = "--campaign", required = true)
    String campaignId;

    private int exit;

    @Override
    public Integer call() {
      super.call();
      return exit;
    }

    @Override
    void run(LedgerClient ledger, Output out) {
      SampleVerification.Result result = SampleVerification.check(ledger, campaignId);
      exit =
          switch (result.outcome()) {
            case VERIFIED -> 0;
            case MISMATCH -> InspectCommand.VIOLATIONS;
            case POPULATION_CHANGED, NOT_DRAWN -> UNVERIFIABLE;
          };
      out.line(
          String.format(
              Locale.ROOT,
              "campaign %s: %s: %s",
              campaignId,
              result.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '),
              result.detail()));
      if (result.outcome() == SampleVerification.Outcome.VERIFIED) {
        out.line(
            String.format(
                Locale.ROOT,
                "seed matches its commitment; population of %,d chips matches the draw's digest%s;"
                    + " re-derived sample: %s",
                result.populationNow(),
                result.restored() == 0
                    ? ""
                    : " (counting " + result.restored() + " chips its findings marked missing)",
                String.join(",", result.rederived())));
      }
    }
  }

  @Command(
      name = "record",
      description =
          "Record the finding at a sampled chip; the chip's NVRAM log is checked against the ledger"
              + " and flagged runs go to verification. Exit "
              + InspectCommand.VIOLATIONS
              + " if the finding raised flags.")
  static final class RecordFinding extends LedgerCommand {
    @Option(names = "--campaign", required = true)
    String campaignId;

    @Option(names = "--serial", required = true, description = "The sampled chip's serial.")
    String serial;

    @Option(
        names = "--found",
        required = true,
        description = "yes, no, or refused (the owner would not produce the chip).")
    String found;

    @Option(
        names = "--serial-matches",
        arity = "0..1",
        fallbackValue = "true",
        description =
            "The serial on the chip produced is the sampled one (--serial-matches=false if not);"
                + " required with --found yes.")
    Boolean serialMatches;

    @Option(names = "--tamper", defaultValue = "none", description = "none or evident.")
    String tamper;

    @Option(names = "--log", description = "The chip's NVRAM log, as read (with --found yes).")
    Path log;

    @Option(
        names = "--grace",
        defaultValue = "1h",
        converter = FirmwareCommand.DurationConverter.class,
        description = "How long a record may wait for its batch (default: ${DEFAULT-VALUE}).")
    Duration grace;

    private int exit;

    @Override
    public Integer call() {
      FindingRecorder.Presence presence = presence();
      if (presence == FindingRecorder.Presence.FOUND && (serialMatches == null || log == null)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--found yes needs --serial-matches[=false] and --log");
      }
      if (!tamper.equals("none") && !tamper.equals("evident")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--tamper is none or evident, not " + tamper);
      }
      super.call();
      return exit;
    }

    private FindingRecorder.Presence presence() {
      return switch (found) {
        case "yes" -> FindingRecorder.Presence.FOUND;
        case "no" -> FindingRecorder.Presence.NOT_FOUND;
        case "refused" -> FindingRecorder.Presence.REFUSED;
        default ->
            throw new CommandLine.ParameterException(
                spec.commandLine(), "--found is yes, no or refused, not " + found);
      };
    }

    @Override
    void run(LedgerClient ledger, Output out) {
      FindingRecorder.Recorded recorded;
      try {
        recorded =
            new FindingRecorder(ledger, grace)
                .record(
                    campaignId,
                    serial,
                    presence(),
                    Boolean.TRUE.equals(serialMatches),
                    tamper.equals("evident"),
                    Optional.ofNullable(log),
                    Instant.now());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
      }
      Finding finding = recorded.finding();
      exit = finding.getFlagsCount() == 0 ? 0 : InspectCommand.VIOLATIONS;
      if (out.json()) {
        out.record(finding);
        return;
      }
      recorded
          .log()
          .ifPresent(
              report ->
                  out.line(
                      String.format(
                          Locale.ROOT,
                          "log of %s: %d records, %d committed, %d pending, %d violations;"
                              + " NVRAM digest %s",
                          report.getChipSerial(),
                          report.getNvramRecords(),
                          report.getCommitted(),
                          report.getPending(),
                          report.getViolations(),
                          hex(report.getNvramDigest()))));
      flags(out, finding.getFlagsList());
      recorded.requestedRuns().forEach(run -> out.line("verification requested for run " + run));
      out.line(finding.getFlagsCount() == 0 ? "NO FLAGS" : "FLAGS RAISED");
    }
  }

  @Command(
      name = "campaign",
      description = "A campaign: its draw, sample, findings, flags and the verdicts of its runs.")
  static final class Show extends LedgerCommand {
    @Parameters(index = "0", description = "The campaign id.")
    String campaignId;

    @Override
    void run(LedgerClient ledger, Output out) {
      CampaignView view = ledger.campaign(campaignId);
      if (out.json()) {
        out.record(view);
        return;
      }
      Campaign c = view.getCampaign();
      out.line(
          String.format(
              Locale.ROOT,
              "campaign %s: owner %s, period %s, inspector %s, %s",
              c.getCampaignId(),
              c.getOwnerOrg(),
              c.getPeriod(),
              c.getInspectorOrg(),
              Campaigns.stateName(c.getState())));
      out.line(
          String.format(
              Locale.ROOT,
              "C = %,d when opened, s = %d; commitment %s; owner's transaction %s",
              c.getPlannedPopulation(),
              c.getSampleSize(),
              hex(c.getSeedCommitment()),
              c.getAckTxId().isEmpty() ? "(not yet)" : c.getAckTxId()));
      if (c.getSampledSerialsCount() > 0) {
        out.line(
            String.format(
                Locale.ROOT,
                "drawn from %,d chips; %d findings, %d flags",
                c.getDrawnPopulation(),
                c.getFindingsRecorded(),
                c.getFlagsRaised()));
        sample(
            out,
            c,
            view.getFindingsList().stream()
                .collect(Collectors.toMap(Finding::getSerial, Function.identity())));
      }
      List<Flag> flags = new ArrayList<>();
      view.getFindingsList().forEach(f -> flags.addAll(f.getFlagsList()));
      if (!flags.isEmpty()) {
        flags(out, flags);
      }
      if (view.getRunsCount() > 0) {
        List<List<String>> rows = new ArrayList<>();
        for (FlaggedRun run : view.getRunsList()) {
          rows.add(
              List.of(
                  run.getRunId(),
                  run.hasRequest() ? "requested" : "not requested",
                  !run.hasVerdict()
                      ? "pending"
                      : run.getVerdict().getHonest()
                          ? "honest"
                          : "dishonest: "
                              + String.join(",", run.getVerdict().getFailedChecksList())));
        }
        out.table(List.of("run", "verification", "verdict"), rows);
      }
    }
  }

  @Command(name = "campaigns", description = "An owner's campaigns.")
  static final class ListAll extends LedgerCommand {
    @Option(names = "--owner", required = true)
    String owner;

    @Override
    void run(LedgerClient ledger, Output out) {
      var list = ledger.campaigns(owner);
      List<List<String>> rows = new ArrayList<>();
      for (Campaign c : list.getCampaignsList()) {
        rows.add(
            List.of(
                c.getCampaignId(),
                c.getPeriod(),
                Campaigns.stateName(c.getState()),
                Integer.toString(c.getSampleSize()),
                Integer.toString(c.getFindingsRecorded()),
                Integer.toString(c.getFlagsRaised())));
      }
      out.table(list, List.of("campaign", "period", "state", "s", "findings", "flags"), rows);
    }
  }

  private static void sample(Output out, Campaign campaign, Map<String, Finding> findings) {
    List<List<String>> rows = new ArrayList<>();
    int i = 1;
    for (String serial : campaign.getSampledSerialsList()) {
      Finding f = findings.get(serial);
      rows.add(
          List.of(
              Integer.toString(i++),
              serial,
              f == null
                  ? "not inspected"
                  : f.getOwnerRefused() ? "refused" : f.getFound() ? "found" : "not found",
              f == null ? "" : Integer.toString(f.getFlagsCount())));
    }
    out.table(List.of("#", "serial", "finding", "flags"), rows);
  }

  private static void flags(Output out, List<Flag> flags) {
    List<List<String>> rows = new ArrayList<>();
    for (Flag flag : flags) {
      rows.add(
          List.of(
              flag.getSerial(),
              Findings.flagName(flag.getReason()),
              flag.getRunId(),
              flag.getDetail()));
    }
    out.table(List.of("chip", "flag", "run", "detail"), rows);
  }
}
