package org.chipledger.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.app.inspection.CampaignSeeds;
import org.chipledger.app.inspection.FindingRecorder;
import org.chipledger.chaincode.inspection.Findings;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.NvramLog;
import org.chipledger.pol.attack.AttackKind;
import org.chipledger.pol.attack.Spoof;
import org.chipledger.pol.attack.SpoofGenerator;
import org.chipledger.pol.datacenter.DatacenterTraining;
import org.chipledger.pol.datacenter.TrainingChips;
import org.chipledger.pol.ledger.LedgerVerification;
import org.chipledger.pol.ledger.SelectionSecrets;
import org.chipledger.pol.ledger.VerificationDaemon;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.verify.VerifierPolicy;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
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
  private static final int DECLARED_RUN_CHIPS = 8;
  private static final Duration AGENT_EPOCH = Duration.ofSeconds(5);
  // Chip records older than this and absent from the ledger count as hidden, not in flight.
  private static final Duration HIDDEN_AFTER = Duration.ofHours(1);
  private static final Duration VERDICT_WAIT = Duration.ofMinutes(15);

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
    Policy policy = setRules(cast);
    InspectionParameters rules = policy.getInspection();
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

    Path transcripts = context.dir().resolve("transcripts");
    Path nvram = context.dir().resolve("nvram");
    Instant runStart = Instant.now().minus(RUN_TIME).minus(Duration.ofDays(1));
    TrainingConfig model = TrainingConfig.small(context.seed(), 1);
    Duration stepTime = RUN_TIME.dividedBy(model.steps());
    Training training = new Training(context, model, runStart, stepTime, nvram);

    Trained honest =
        training.declared(
            "dc-nl",
            "ams-1",
            HONEST_RUN,
            usable(context, "ams-1", DECLARED_RUN_CHIPS),
            transcripts);
    page.say(honest.describe("Polder Cloud") + "; it declares the run with its transcript.");

    Trained spoofed =
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

    Trained hidden =
        training.hidden("dc-sg", "sg-1", HIDDEN_RUN, usable(context, "sg-1", Integer.MAX_VALUE));
    page.say(
        hidden.describe("Straits AI")
            + " with its snapshot agent switched off and no declaration: each chip keeps its"
            + " signed records in NVRAM only.");

    LedgerClient inspectorate = cast.as(VERIFIER);
    CampaignSeeds seeds = new CampaignSeeds(context.dir().resolve("campaign-seeds"));
    String period = YearMonth.now(ZoneOffset.UTC).toString();
    List<CampaignView> campaigns = new ArrayList<>();
    for (String owner : List.of("dc-sg", "dc-nl")) {
      campaigns.add(inspect(cast, inspectorate, seeds, owner, period, nvram));
    }
    for (CampaignView view : campaigns) {
      page.say(describe(view));
    }

    Map<String, RunVerdict> verdicts = audit(context, inspectorate, transcripts);
    page.say(
        "The inspectorate audits both declared runs: the Verifier commits to a secret, replays"
            + " the transcripts' largest and randomly chosen segments and records its verdicts.");

    page.line("");
    page.line("Training runs:");
    List<List<String>> rows = new ArrayList<>();
    for (Trained run : List.of(honest, spoofed, hidden)) {
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
        campaigns.stream().map(ComputeChapter::campaignRow).toList());
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

  /**
   * A campaign over {@code owner}'s chips for {@code period}: commit, acknowledge, reveal and draw,
   * then a finding at each sampled chip from its NVRAM log. A chip that never trained has an empty
   * log.
   */
  private static CampaignView inspect(
      Cast cast,
      LedgerClient inspectorate,
      CampaignSeeds seeds,
      String owner,
      String period,
      Path nvram)
      throws IOException {
    String campaignId = owner + "-" + period;
    seeds.open(inspectorate, campaignId, owner, period);
    cast.as(owner).acknowledgeCampaign(campaignId);
    Campaign drawn = seeds.reveal(inspectorate, campaignId);
    FindingRecorder recorder = new FindingRecorder(inspectorate, HIDDEN_AFTER);
    for (String serial : drawn.getSampledSerialsList()) {
      Path log = TrainingChips.nvramFile(nvram, serial);
      if (!Files.exists(log)) {
        Files.createDirectories(nvram);
        NvramLog.open(log).close();
      }
      recorder.record(
          campaignId,
          serial,
          FindingRecorder.Presence.FOUND,
          true,
          false,
          Optional.of(log),
          Instant.now());
    }
    return inspectorate.campaign(campaignId);
  }

  /**
   * Requests verification of both declared runs and waits until the Verifier's daemon has recorded
   * both verdicts.
   */
  private static Map<String, RunVerdict> audit(
      Context context, LedgerClient inspectorate, Path transcripts) throws Exception {
    LedgerVerification verification =
        new LedgerVerification(
            inspectorate,
            VerifierPolicy.defaults(),
            new SelectionSecrets(context.dir().resolve("verifier-secrets")));
    BlockingQueue<VerificationDaemon.Handled> handled = new LinkedBlockingQueue<>();
    Map<String, RunVerdict> verdicts = new TreeMap<>();
    try (AutoCloseable daemon =
        VerifierOnCast.start(
            context.cast(),
            verification,
            transcripts,
            context.dir().resolve("verifier.checkpoint"),
            handled::add)) {
      for (String runId : List.of(HONEST_RUN, SPOOFED_RUN)) {
        inspectorate.requestVerification(
            RequestVerificationRequest.newBuilder()
                .setRunId(runId)
                .setReason("random audit of declared runs")
                .build());
      }
      while (verdicts.size() < 2) {
        VerificationDaemon.Handled next = handled.poll(VERDICT_WAIT.toSeconds(), TimeUnit.SECONDS);
        if (next == null) {
          throw new IllegalStateException(
              "the Verifier recorded no verdict within " + VERDICT_WAIT);
        }
        if (!(next instanceof VerificationDaemon.Verified verified)) {
          throw new IllegalStateException("the Verifier could not verify: " + next);
        }
        verdicts.put(verified.runId(), verified.outcome().recorded());
      }
    }
    return verdicts;
  }

  private static String describe(CampaignView view) {
    Campaign c = view.getCampaign();
    long hiddenAt = view.getFindingsList().stream().filter(f -> f.getLog().getHidden() > 0).count();
    return String.format(
        Locale.ROOT,
        "The inspectorate samples %s: Eq. (1) gives s = %d of %,d chips, drawn from its committed"
            + " seed and %s's acknowledgement; %s.",
        c.getOwnerOrg(),
        c.getSampleSize(),
        c.getDrawnPopulation(),
        c.getOwnerOrg(),
        hiddenAt == 0
            ? "every NVRAM log matches the ledger"
            : hiddenAt
                + " of "
                + c.getSampledSerialsCount()
                + " chips hold signed records the ledger never received, of a run nobody"
                + " declared");
  }

  private static List<String> campaignRow(CampaignView view) {
    Campaign c = view.getCampaign();
    Map<String, Integer> flags = new TreeMap<>();
    for (Finding finding : view.getFindingsList()) {
      for (Flag flag : finding.getFlagsList()) {
        flags.merge(Findings.flagName(flag.getReason()), 1, Integer::sum);
      }
    }
    return List.of(
        c.getCampaignId(),
        c.getOwnerOrg(),
        String.format(Locale.ROOT, "%,d", c.getDrawnPopulation()),
        String.valueOf(c.getSampledSerialsCount()),
        flags.isEmpty()
            ? "none"
            : flags.entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", ")),
        c.getRunsRequestedCount() == 0 ? "-" : String.join(", ", c.getRunsRequestedList()));
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

  /** A run the chapter trained, and how many snapshots its chips took. */
  private record Trained(
      String runId, String operator, String site, List<String> chips, int snapshots) {

    String describe(String operatorName) {
      return String.format(
          Locale.ROOT,
          "%s trains run %s on %d chips at %s; its chips take %d snapshots at random times",
          operatorName,
          runId,
          chips.size(),
          site,
          snapshots);
    }

    List<String> row(RunActivity ledger, RunVerdict verdict) {
      return List.of(
          runId,
          operator,
          site,
          String.valueOf(chips.size()),
          String.valueOf(snapshots),
          String.valueOf(ledger.getSnapshotCount()),
          ledger.getDeclared() ? "yes" : "no",
          verdict == null
              ? "-"
              : verdict.getHonest()
                  ? "honest"
                  : "dishonest: " + String.join(", ", verdict.getFailedChecksList()));
    }
  }

  /** Trains the chapter's model on story chips, whose firmware snapshots the live weights. */
  private record Training(
      Context context, TrainingConfig model, Instant start, Duration stepTime, Path nvram) {

    /** An honest run: snapshots through the operator's agent, declared with its transcript. */
    Trained declared(
        String operator, String site, String runId, List<String> serials, Path transcripts)
        throws IOException {
      return onLedger(operator, site, runId, serials, transcripts.resolve(runId), true);
    }

    /**
     * Snapshots through the operator's agent, but the run is declared with a spoofed transcript
     * made from the real one, which the operator keeps to itself.
     */
    Trained spoofed(
        String operator, String site, String runId, List<String> serials, Path transcripts)
        throws IOException {
      Path kept = keptBy(operator, runId);
      Trained trained = onLedger(operator, site, runId, serials, kept, false);
      try {
        Spoof spoof =
            new SpoofGenerator(VerifierPolicy.defaults().topQ())
                .generate(AttackKind.STEPS_LIE, kept, List.of(), transcripts.resolve(runId));
        new DatacenterTraining(context.cast().as(operator), site)
            .declare(runId, serials, spoof.dir());
      } catch (TranscriptException e) {
        throw new IOException("cannot build the spoof: " + e.getMessage(), e);
      }
      return trained;
    }

    /** Where an operator keeps a transcript it does not hand to the Verifier. */
    private Path keptBy(String operator, String runId) {
      return context.dir().resolve("kept-by-" + operator).resolve(runId);
    }

    /** The agent off: the chips keep their records in NVRAM; nothing is declared. */
    Trained hidden(String operator, String site, String runId, List<String> serials)
        throws IOException {
      try (TrainingChips chips = boot(runId, serials, Optional.empty())) {
        ReferenceTrainer.train(model.forRun(runId, serials), keptBy(operator, runId), chips);
        return new Trained(runId, operator, site, serials, chips.taken().size());
      }
    }

    private Trained onLedger(
        String operator,
        String site,
        String runId,
        List<String> serials,
        Path transcript,
        boolean declare)
        throws IOException {
      LedgerClient client = context.cast().as(operator);
      try (LoopbackAgent agent =
              LoopbackAgent.start(
                  context.dir().resolve("agent-" + site), site, operator, AGENT_EPOCH, client);
          TrainingChips chips = boot(runId, serials, Optional.of(agent))) {
        TrainingConfig config = model.forRun(runId, serials);
        Runnable commit =
            () -> {
              try {
                chips.flush();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              agent.agent().flush();
            };
        if (declare) {
          new DatacenterTraining(client, site).run(config, transcript, chips, commit);
        } else {
          DatacenterTraining.train(config, transcript, chips, commit);
        }
        return new Trained(runId, operator, site, serials, chips.taken().size());
      }
    }

    private TrainingChips boot(String runId, List<String> serials, Optional<LoopbackAgent> agent)
        throws IOException {
      List<ChipIdentity> chips = new ArrayList<>();
      for (String serial : serials) {
        chips.add(
            new ChipIdentity(
                serial, Story.FIRMWARE_VERSION, new ChipSigner(context.custody().chipKey(serial))));
      }
      return TrainingChips.boot(
          runId, start, stepTime, chips, nvram, SNAPSHOTS_PER_DAY, context.seed(), agent);
    }
  }
}
