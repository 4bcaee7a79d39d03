package org.chipledger.app.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.chipledger.app.inspection.CampaignSeeds;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.pol.datacenter.TrainingChips;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RunActivity;
import org.chipledger.proto.ledger.v1.RunVerdict;
import org.chipledger.proto.ledger.v1.UnaccountedChip;

/**
 * The demo's compute-monitoring chapter (Shavit 2023 §3-§5), on the chips the custody story
 * deployed. Three operators train the same small model for 30 days of chip time: Polder Cloud
 * honestly; Prairie Compute with its chips' snapshots on the ledger but a transcript that claims
 * half the steps; Straits AI on all its chips with its snapshot agent switched off and no
 * declaration. An inspection campaign at Straits AI finds the hidden NVRAM records, one at Polder
 * Cloud finds nothing, and the Verifier's replay of the two declared runs passes Polder Cloud's and
 * catches Prairie Compute's spoof.
 */
public final class ComputeChapter implements DemoChapter {
  /** The identity that inspects and verifies. */
  static final String VERIFIER = "inspectorate";

  static final String HONEST_RUN = "nl-vision-1";
  static final String SPOOFED_RUN = "us-frontier-1";
  static final String HIDDEN_RUN = "sg-shadow-1";

  /** The compute threshold: Straits AI's 500 chips can just reach it within T = 30 days. */
  private static final double THRESHOLD_FLOP = 1e24;

  /** The chips' snapshot rate f, also the rate the policy plans with. */
  private static final double SNAPSHOTS_PER_DAY = 0.2;

  private static final Duration RUN_TIME = Duration.ofDays(30);
  static final int DECLARED_RUN_CHIPS = 8;

  /** The chapter's three runs: declared honestly, declared with a spoof, and hidden. */
  private record Runs(TrainedRun honest, TrainedRun spoofed, TrainedRun hidden) {
    List<TrainedRun> all() {
      return List.of(honest, spoofed, hidden);
    }
  }

  @Override
  public String name() {
    return "compute";
  }

  @Override
  public String title() {
    return "Compute monitoring: chips snapshot their weights, inspectors sample chips, the Verifier"
        + " replays runs";
  }

  @Override
  public void play(Context context) throws Exception {
    Cast cast = context.cast();
    Page page = context.page();
    announce(page, setRules(cast).getInspection());
    Path transcripts = context.dir().resolve("transcripts");
    Path nvram = context.dir().resolve("nvram");
    Runs runs = train(context, transcripts, nvram);

    LedgerClient inspectorate = cast.as(VERIFIER);
    CampaignRound round =
        new CampaignRound(
            cast, inspectorate, new CampaignSeeds(context.dir().resolve("campaign-seeds")), nvram);
    String period = YearMonth.now(ZoneOffset.UTC).toString();
    List<CampaignView> campaigns = new ArrayList<>();
    for (String owner : List.of("dc-sg", "dc-nl")) {
      campaigns.add(round.inspect(owner, period));
    }
    for (CampaignView view : campaigns) {
      page.say(CampaignRound.describe(view));
    }

    Map<String, RunVerdict> verdicts =
        RunAudit.audit(context, inspectorate, transcripts, List.of(HONEST_RUN, SPOOFED_RUN));
    page.say(
        "The inspectorate audits both declared runs: the Verifier commits to a secret, replays"
            + " the transcripts' largest and randomly chosen segments and records its verdicts.");

    printTables(page, inspectorate, runs, verdicts, period, campaigns);
    printHints(context, campaigns, nvram, runs.hidden());
  }

  private static void announce(Page page, InspectionParameters rules) {
    page.say(
        String.format(
            Locale.ROOT,
            "The secretariat sets the compute rules: runs above H = %.0e FLOP within T = %.0f days"
                + " must be declared; chips snapshot %.1f times a day; campaigns detect such a run"
                + " with p = %.2f per %.0f-day period (Eq. 1).",
            rules.getThresholdFlop(),
            rules.getTrainingDays(),
            rules.getSnapshotsPerDay(),
            rules.getDetectionProbability(),
            rules.getMonitoringPeriodDays()));
  }

  /** The three operators train, each telling the page how. */
  private static Runs train(Context context, Path transcripts, Path nvram) throws IOException {
    Page page = context.page();
    Instant runStart = Instant.now().minus(RUN_TIME).minus(Duration.ofDays(1));
    TrainingConfig model = TrainingConfig.small(context.seed(), 1);
    Duration stepTime = RUN_TIME.dividedBy(model.steps());
    OperatorTraining training =
        new OperatorTraining(context, model, runStart, stepTime, nvram, SNAPSHOTS_PER_DAY);

    TrainedRun honest =
        training.declared(
            "dc-nl",
            "ams-1",
            HONEST_RUN,
            usable(context, "ams-1", DECLARED_RUN_CHIPS),
            transcripts);
    page.say(honest.describe("Polder Cloud") + "; it declares the run with its transcript.");

    TrainedRun spoofed =
        training.spoofed(
            "dc-us",
            "us-east-1",
            SPOOFED_RUN,
            usable(context, "us-east-1", DECLARED_RUN_CHIPS),
            transcripts);
    page.say(
        spoofed.describe("Prairie Compute")
            + "; but the transcript it declares is a spoof that claims half the steps and half the"
            + " FLOPs.");

    TrainedRun hidden =
        training.hidden("dc-sg", "sg-1", HIDDEN_RUN, usable(context, "sg-1", Integer.MAX_VALUE));
    page.say(
        hidden.describe("Straits AI")
            + " with its snapshot agent switched off and no declaration: each chip keeps its"
            + " signed records in NVRAM only.");
    Runs runs = new Runs(honest, spoofed, hidden);
    List<String> trained = runs.all().stream().flatMap(run -> run.chips().stream()).toList();
    long inToken = trained.stream().filter(context.custody().keys()::inToken).count();
    page.say(
        inToken
            + " of the "
            + trained.size()
            + " chips that trained sign inside the PKCS#11 token (SoftHSM2) where the fab made"
            + " their keys: the operators never hold them, and the ledger registered them as token"
            + " keys.");
    return runs;
  }

  private static void printTables(
      Page page,
      LedgerClient inspectorate,
      Runs runs,
      Map<String, RunVerdict> verdicts,
      String period,
      List<CampaignView> campaigns) {
    page.line("");
    page.line("Training runs:");
    List<List<String>> rows = new ArrayList<>();
    for (TrainedRun run : runs.all()) {
      rows.add(run.row(ledgerView(inspectorate, run.runId()), verdicts.get(run.runId())));
    }
    page.table(
        List.of(
            "run",
            "operator",
            "site",
            "chips",
            "snapshots",
            "on ledger",
            "declared",
            "Verifier's verdict"),
        rows);
    page.line("");
    page.line("Inspection campaigns (" + period + "):");
    page.table(
        List.of("campaign", "owner", "chips", "sampled", "flags", "runs sent to verification"),
        campaigns.stream().map(CampaignRound::row).toList());
  }

  private static void printHints(
      Context context, List<CampaignView> campaigns, Path nvram, TrainedRun hidden) {
    Page page = context.page();
    page.line("");
    page.line("See for yourself, for example:");
    String campaignId = campaigns.get(0).getCampaign().getCampaignId();
    page.line("  " + context.cli() + " --identity inspectorate inspect campaign " + campaignId);
    page.line("  " + context.cli() + " --identity inspectorate query verdict --run " + SPOOFED_RUN);
    page.line(
        "  "
            + context.cli()
            + " --identity inspectorate inspect check-log --nvram "
            + TrainingChips.nvramFile(nvram, hidden.chips().get(0)));
  }

  /** The demo policy with the chapter's inspection rules, set by the secretariat. */
  private static Policy setRules(Cast cast) {
    Policy base = Founding.policy();
    Policy policy =
        base.toBuilder()
            .setInspection(
                base.getInspection().toBuilder()
                    .setThresholdFlop(THRESHOLD_FLOP)
                    .setSnapshotsPerDay(SNAPSHOTS_PER_DAY))
            .build();
    return cast.as(Cast.ADMIN.orgId()).setPolicy(policy);
  }

  /** Up to {@code limit} chips deployed at {@code site} that are still accounted for. */
  private static List<String> usable(Context context, String site, int limit) {
    Set<String> gone =
        context.custody().unaccounted().getChipsList().stream()
            .map(UnaccountedChip::getSerial)
            .collect(Collectors.toSet());
    return context.custody().deployed().getOrDefault(site, List.of()).stream()
        .filter(serial -> !gone.contains(serial))
        .limit(limit)
        .toList();
  }

  /** What the ledger knows of a run: nothing at all for a run only NVRAM logs name. */
  private static RunActivity ledgerView(LedgerClient ledger, String runId) {
    try {
      return ledger.run(runId).getActivity();
    } catch (LedgerException e) {
      if (e.code() == ErrorCode.RUN_NOT_FOUND) {
        return RunActivity.getDefaultInstance();
      }
      throw e;
    }
  }
}
