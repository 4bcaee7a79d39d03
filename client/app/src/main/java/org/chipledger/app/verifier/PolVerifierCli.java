package org.chipledger.app.verifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.app.cli.ChipLedgerCli;
import org.chipledger.client.backend.OpenBackend;
import org.chipledger.client.fabric.FabricLedger;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.pol.attack.AttackKind;
import org.chipledger.pol.attack.Spoof;
import org.chipledger.pol.attack.SpoofGenerator;
import org.chipledger.pol.bench.Benchmark;
import org.chipledger.pol.datacenter.DatacenterTraining;
import org.chipledger.pol.datacenter.TrainingChips;
import org.chipledger.pol.ledger.FabricVerificationDaemon;
import org.chipledger.pol.ledger.LedgerVerification;
import org.chipledger.pol.ledger.VerificationDaemon;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.verify.NoiseCalibration;
import org.chipledger.pol.verify.Verdict;
import org.chipledger.pol.verify.VerificationRequest;
import org.chipledger.pol.verify.Verifier;
import org.chipledger.pol.verify.VerifierPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Command line of the Proof-of-Learning verifier: train, verify, attack, calibrate, bench. */
@Command(
    name = "verifier",
    mixinStandardHelpOptions = true,
    description = "Proof-of-Learning transcripts: train, verify, spoof, benchmark.",
    subcommands = {
      PolVerifierCli.Train.class,
      PolVerifierCli.Verify.class,
      PolVerifierCli.Daemon.class,
      PolVerifierCli.Attack.class,
      PolVerifierCli.Calibrate.class,
      PolVerifierCli.Bench.class
    })
public final class PolVerifierCli {
  /** Exit code of a verification that failed. */
  public static final int EXIT_FAIL = 1;

  /** Exit code of bad input (picocli's usage error code). */
  public static final int EXIT_INPUT = 2;

  /** Exit code of a ledger rejection or an unreachable ledger. */
  public static final int EXIT_LEDGER = 3;

  /** Name of the chip-log file that train and attack write beside the transcript. */
  public static final String SNAPSHOTS_FILE = SnapshotClaim.FILE_NAME;

  private PolVerifierCli() {}

  /** Runs {@code chipledger verifier ARGS} and returns its exit code. */
  public static int run(String... args) {
    String[] line = new String[args.length + 1];
    line[0] = "verifier";
    System.arraycopy(args, 0, line, 1, args.length);
    return ChipLedgerCli.run(
        line, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }

  /**
   * Forces DJL offline, without telemetry, on one thread unless the caller already chose otherwise.
   */
  public static void configureDjl() {
    setDefault("ai.djl.offline", "true");
    setDefault("OPT_OUT_TRACKING", "true");
    setDefault("ai.djl.pytorch.num_threads", "1");
    setDefault("ai.djl.pytorch.num_interop_threads", "1");
  }

  /**
   * The exit code of a failed Verifier command: bad input 2, a ledger refusal 3.
   *
   * @throws Exception {@code e} itself when it is neither
   */
  public static int exitCode(Exception e, CommandLine commandLine) throws Exception {
    if (e instanceof TranscriptException
        || e instanceof IllegalArgumentException
        || e instanceof IOException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return EXIT_INPUT;
    }
    if (e instanceof LedgerException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return EXIT_LEDGER;
    }
    throw e;
  }

  /** True for the Verifier's commands, which keep their own exit codes. */
  public static boolean owns(CommandLine commandLine) {
    return commandLine
        .getCommand()
        .getClass()
        .getPackageName()
        .equals(PolVerifierCli.class.getPackageName());
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * Trains a run with the reference trainer and writes its transcript; on the ledger (with {@code
   * --site-id}) emulated chips snapshot the live weights to a snapshot agent and the run is
   * declared with the transcript's manifest hash.
   */
  @Command(
      name = "train",
      description = {
        "Train the reference MLP and write its transcript.",
        "With --site-id, the run's chips (deployed at the site) snapshot the live weights at"
            + " Poisson times through a snapshot agent to the ledger, and the run is declared with"
            + " the transcript's manifest hash and data commitment (sign as the site's datacenter"
            + " with --identity). Without it, emulated snapshots go to FILE "
            + SNAPSHOTS_FILE
            + "."
      })
  public static final class Train implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "Transcript directory to write.")
    Path out;

    @Option(names = "--seed", required = true, description = "Seed for init and data.")
    long seed;

    @Option(names = "--run-id", description = "Run id (default: run-SEED).")
    Optional<String> runId;

    @Option(names = "--threads", defaultValue = "1", description = "Intra-op threads.")
    int threads;

    @CommandLine.Mixin ShapeOptions shape = new ShapeOptions();

    @Option(
        names = "--snapshots",
        defaultValue = "2",
        description = "Without --site-id: chip snapshots to emulate into " + SNAPSHOTS_FILE + ".")
    int snapshots;

    @CommandLine.ArgGroup(exclusive = false, heading = "On the ledger:%n")
    OnLedger onLedger;

    /** The options of a run trained on ledger-registered chips. */
    static final class OnLedger {
      @Option(
          names = "--site-id",
          required = true,
          description = "Site the run trains at; its datacenter declares the run.")
      String siteId;

      @Option(
          names = "--chips",
          required = true,
          split = ",",
          description = "Serials of the chips the run trains on, deployed at the site.")
      List<String> serials;

      @Option(
          names = "--chip-keys",
          required = true,
          description = "Directory of the chips' PKCS#8 PEM keys, SERIAL.pem.")
      Path chipKeys;

      @Option(
          names = "--nvram-dir",
          description = "Directory of the chips' NVRAM logs (default: DATA-DIR/nvram).")
      Optional<Path> nvramDir;

      @Option(
          names = "--rate-per-day",
          defaultValue = "1",
          description = "Snapshots per chip per day of chip time (default: ${DEFAULT-VALUE}).")
      double ratePerDay;

      @Option(
          names = "--step-time",
          defaultValue = "PT1H",
          converter = DurationOption.class,
          description =
              "Chip time one optimizer step stands for: the acceleration (default:"
                  + " ${DEFAULT-VALUE}).")
      Duration stepTime;
    }

    /** With --site-id: the ledger, and the site's datacenter identity (--identity). */
    @CommandLine.Mixin LedgerOptions ledgerOptions = new LedgerOptions();

    @Override
    public Integer call() throws IOException {
      String run = runId.orElse("run-" + seed);
      List<String> chips =
          onLedger == null
              ? List.of("chip-" + seed + "-a", "chip-" + seed + "-b")
              : List.copyOf(onLedger.serials);
      TrainingConfig config = shape.config(run, seed, threads, chips);
      PrintWriter w = spec.commandLine().getOut();
      ReferenceTrainer.Result result;
      if (onLedger == null) {
        SnapshotRecorder recorder =
            new SnapshotRecorder(
                SnapshotRecorder.randomSteps(
                    seed,
                    Math.min(snapshots, shape.steps),
                    Math.min(shape.interval + 1, shape.steps),
                    shape.steps),
                out);
        result = ReferenceTrainer.train(config, out, recorder);
        SnapshotClaim.writeAll(out.resolve(SNAPSHOTS_FILE), recorder.claims());
        w.println("chip snapshots: " + out.resolve(SNAPSHOTS_FILE));
      } else {
        result = trainOnLedger(config, w);
      }
      w.println("transcript: " + out);
      w.println("manifest-sha256: " + Sha256.hex(result.manifestHash()));
      w.printf(
          Locale.ROOT,
          "loss: %.4f -> %.4f; %.3f ms/step%n",
          result.losses().get(0),
          result.losses().get(result.losses().size() - 1),
          result.meanStepMillis());
      return 0;
    }

    private ReferenceTrainer.Result trainOnLedger(TrainingConfig config, PrintWriter w)
        throws IOException {
      LedgerOptions options = ledgerOptions;
      Path nvramDir = onLedger.nvramDir.orElse(options.dataDir().resolve("nvram"));
      Files.createDirectories(nvramDir);
      Files.createDirectories(options.dataDir());
      // A fresh agent store per run: the in-process agent commits everything before it stops.
      Path agentDir = Files.createTempDirectory(options.dataDir(), "train-agent-");
      try (LedgerOptions.Connection ledger = options.open();
          LoopbackAgent agent =
              LoopbackAgent.start(
                  agentDir,
                  onLedger.siteId,
                  ledger.signer().attributes().getOrDefault("org", ""),
                  Duration.ofSeconds(10),
                  ledger.client());
          TrainingChips chips =
              TrainingChips.boot(
                  config.runId(),
                  Instant.now(),
                  onLedger.stepTime,
                  chipIdentities(config.chipIds()),
                  nvramDir,
                  onLedger.ratePerDay,
                  seed,
                  Optional.of(agent))) {
        DatacenterTraining.Result result =
            new DatacenterTraining(ledger.client(), onLedger.siteId)
                .run(
                    config,
                    out,
                    chips,
                    () -> {
                      flushChips(chips);
                      agent.agent().flush();
                    });
        for (TrainingChips.Taken taken : chips.taken()) {
          w.printf(
              Locale.ROOT,
              "snapshot: chip %s #%d at step %d, %s%n",
              taken.serial(),
              taken.report().counter(),
              taken.step(),
              taken.report().outcome().getClass().getSimpleName().toLowerCase(Locale.ROOT));
        }
        w.printf(
            Locale.ROOT,
            "chip snapshots: %d taken, %d not acknowledged by the agent%n",
            chips.taken().size(),
            chips.unacknowledged());
        w.println(
            "run declared: "
                + result.declared().getRunId()
                + " at site "
                + result.declared().getSiteId());
        return result.training();
      }
    }

    private List<ChipIdentity> chipIdentities(List<String> serials) throws IOException {
      List<ChipIdentity> identities = new ArrayList<>();
      for (String serial : serials) {
        identities.add(
            new ChipIdentity(
                serial,
                "emulator-0.1",
                ChipSigner.load(onLedger.chipKeys.resolve(serial + ".pem"))));
      }
      return identities;
    }

    private static void flushChips(TrainingChips chips) {
      try {
        chips.flush();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Parses ISO-8601 durations such as PT1H. */
  static final class DurationOption implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return Duration.parse(value);
    }
  }

  /** Policy options shared by verify and bench. */
  static final class PolicyOptions {
    @Option(names = "--epsilon", description = "Tolerance on the normalised L2 distance.")
    Optional<Double> epsilon;

    @Option(
        names = "--top-q",
        defaultValue = "1",
        description = "Largest-update segments replayed.")
    int topQ;

    @Option(names = "--random", defaultValue = "1", description = "Random segments replayed.")
    int random;

    @Option(names = "--threshold-h", defaultValue = "1e26", description = "Compute threshold H.")
    double thresholdH;

    @Option(
        names = "--replay-threads",
        defaultValue = "0",
        description = "Replay threads; 0 = as recorded in the transcript.")
    int replayThreads;

    VerifierPolicy policy() {
      VerifierPolicy defaults = VerifierPolicy.defaults();
      return new VerifierPolicy(
          epsilon.orElse(defaults.epsilon()),
          epsilon.isPresent() ? "set on the command line" : defaults.epsilonBasis(),
          topQ,
          random,
          defaults.maxCheckpointInterval(),
          defaults.flopsRelativeTolerance(),
          thresholdH,
          replayThreads);
    }
  }

  /** Verifies a transcript directory and prints the report. */
  @Command(
      name = "verify",
      description = {
        "Verify a transcript; exit 0 on PASS, 1 on FAIL.",
        "With --run, the commitment is the run's manifest hash on the ledger, the report is"
            + " written beside the transcript and the verdict is recorded on the ledger."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Transcript directory.")
    Path dir;

    @Option(names = "--commitment", description = "Ledger commitment (manifest SHA-256, hex).")
    Optional<String> commitment;

    @Option(
        names = "--run",
        description = "Run id on the ledger: verify it and record the verdict.")
    Optional<String> run;

    @CommandLine.Mixin LedgerOptions ledgerOptions = new LedgerOptions();

    @Option(
        names = "--beacon",
        description =
            "Unpredictable hex bytes for segment selection; fresh random if absent (not with"
                + " --run: the Verifier's commit-reveal on the ledger gives it).")
    Optional<String> beacon;

    @Option(
        names = "--snapshots",
        description = "Chip snapshots file: '<step> <sha256>' lines (not with --run).")
    Optional<Path> snapshots;

    @CommandLine.ArgGroup(exclusive = false)
    PolicyOptions policyOptions = new PolicyOptions();

    @Override
    public Integer call() throws IOException {
      if (run.isPresent()) {
        return verifyRun();
      }
      String beaconHex = beacon.orElseGet(PolVerifierCli::freshBeacon);
      List<SnapshotClaim> claims =
          snapshots.isPresent() ? SnapshotClaim.readAll(snapshots.get()) : List.of();
      Verdict verdict =
          new Verifier(policyOptions.policy())
              .verify(dir, new VerificationRequest(commitment, beaconHex, claims));
      PrintWriter w = spec.commandLine().getOut();
      w.print(verdict.reportText());
      w.println("evidence-sha256: " + verdict.evidenceHashHex());
      return verdict.passed() ? 0 : EXIT_FAIL;
    }

    private int verifyRun() throws IOException {
      if (commitment.isPresent() || snapshots.isPresent() || beacon.isPresent()) {
        throw new IllegalArgumentException(
            "--commitment, --snapshots and --beacon exclude --run: with --run the ledger holds the"
                + " commitment and the chip snapshots, and the beacon comes from the Verifier's"
                + " commit-reveal on the ledger");
      }
      try (LedgerOptions.Connection ledger = ledgerOptions.open()) {
        LedgerVerification.Outcome outcome =
            new LedgerVerification(
                    ledger.client(), policyOptions.policy(), ledgerOptions.selectionSecrets())
                .verifyAndRecord(run.get(), dir);
        PrintWriter w = spec.commandLine().getOut();
        w.print(outcome.verdict().reportText());
        w.println(
            "evidence-sha256: " + Sha256.hex(outcome.recorded().getEvidenceHash().toByteArray()));
        w.println("report: " + outcome.report());
        w.println("verdict recorded: run " + run.get() + " in tx " + outcome.recorded().getTxId());
        return outcome.verdict().passed() ? 0 : EXIT_FAIL;
      }
    }
  }

  /** Answers the ledger's verification requests by itself. */
  @Command(
      name = "daemon",
      description = {
        "Verify every run the ledger's VerificationRequested events name, reading"
            + " TRANSCRIPTS/<run-id>/, and record the verdicts.",
        "Resumes from a durable checkpoint; runs that already have a verdict are skipped."
      })
  static final class Daemon implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--transcripts", required = true, description = "Directory of run transcripts.")
    Path transcripts;

    @Option(
        names = "--checkpoint",
        description = "Checkpoint file (default: TRANSCRIPTS/.pol-verifier-checkpoint).")
    Optional<Path> checkpoint;

    @Option(
        names = "--drain",
        description =
            "Handle the events committed so far and exit (the embedded ledger admits one process"
                + " at a time).")
    boolean drain;

    @CommandLine.Mixin LedgerOptions ledgerOptions = new LedgerOptions();

    @CommandLine.ArgGroup(exclusive = false)
    PolicyOptions policyOptions = new PolicyOptions();

    @Override
    public Integer call() throws Exception {
      PrintWriter w = spec.commandLine().getOut();
      AtomicBoolean failed = new AtomicBoolean();
      Consumer<VerificationDaemon.Handled> observer =
          handled -> {
            failed.compareAndSet(false, handled instanceof VerificationDaemon.Failed);
            w.println(describe(handled));
            w.flush();
          };
      LedgerOptions.Connection ledger = ledgerOptions.open();
      LedgerVerification verification =
          new LedgerVerification(
              ledger.client(), policyOptions.policy(), ledgerOptions.selectionSecrets());
      AutoCloseable daemon;
      if (ledger.ledger() instanceof FabricLedger fabric) {
        if (drain) {
          ledger.close();
          throw new IllegalArgumentException(
              "--drain is for the embedded ledger; on Fabric the daemon runs beside other clients");
        }
        // Fabric's own checkpoint format, so a file of its own.
        daemon =
            FabricVerificationDaemon.start(
                fabric,
                verification,
                transcripts,
                checkpoint.orElse(transcripts.resolve(".pol-verifier-fabric-checkpoint")),
                observer);
      } else {
        VerificationDaemon embedded =
            VerificationDaemon.open(
                ((OpenBackend.Embedded) ledger.backend()).ledger(),
                verification,
                transcripts,
                checkpoint.orElse(transcripts.resolve(".pol-verifier-checkpoint")),
                observer);
        if (drain) {
          try (ledger;
              embedded) {
            embedded.drain();
            return failed.get() ? EXIT_LEDGER : 0;
          }
        }
        embedded.start();
        daemon = embedded;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      daemon.close();
                    } catch (Exception e) {
                      System.err.println("pol-verifier daemon: close failed: " + e.getMessage());
                    } finally {
                      ledger.close();
                      stopped.countDown();
                    }
                  }));
      w.println("pol-verifier daemon: waiting for verification requests (Ctrl-C stops)");
      w.flush();
      stopped.await();
      return 0;
    }

    private static String describe(VerificationDaemon.Handled handled) {
      if (handled instanceof VerificationDaemon.Verified v) {
        return String.format(
            Locale.ROOT,
            "run %s: %s recorded in tx %s; report %s",
            v.runId(),
            v.outcome().recorded().getHonest()
                ? "honest"
                : "dishonest ("
                    + String.join(", ", v.outcome().recorded().getFailedChecksList())
                    + ")",
            v.outcome().recorded().getTxId(),
            v.outcome().report());
      }
      if (handled instanceof VerificationDaemon.AlreadyDecided) {
        return "run " + handled.runId() + ": already has a verdict; skipped";
      }
      if (handled instanceof VerificationDaemon.NoTranscript n) {
        return "run " + n.runId() + ": no transcript at " + n.expected() + "; skipped";
      }
      VerificationDaemon.Failed f = (VerificationDaemon.Failed) handled;
      return "run "
          + f.runId()
          + ": "
          + f.cause().getMessage()
          + "; stopped here, restart to retry";
    }
  }

  private static String freshBeacon() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Sha256.hex(bytes);
  }

  /** Writes a spoofed transcript of one kind from an honest one. */
  @Command(name = "attack", description = "Write a spoof of KIND built from an honest transcript.")
  static final class Attack implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Attack kind: ${COMPLETION-CANDIDATES}.")
    AttackKind kind;

    @Option(names = "--from", required = true, description = "Honest transcript directory.")
    Path from;

    @Option(names = "--out", required = true, description = "Spoof directory to write.")
    Path out;

    @Option(
        names = "--snapshots",
        description = "Honest chip snapshots; default FROM/" + SNAPSHOTS_FILE + " if present.")
    Optional<Path> snapshots;

    @Option(names = "--top-q", defaultValue = "1", description = "The verifier's public Q.")
    int topQ;

    @Override
    public Integer call() throws IOException, TranscriptException {
      Path snapshotFile = snapshots.orElse(from.resolve(SNAPSHOTS_FILE));
      List<SnapshotClaim> claims =
          Files.exists(snapshotFile) ? SnapshotClaim.readAll(snapshotFile) : List.of();
      Spoof spoof = new SpoofGenerator(topQ).generate(kind, from, claims, out);
      SnapshotClaim.writeAll(out.resolve(SNAPSHOTS_FILE), spoof.snapshots());
      PrintWriter w = spec.commandLine().getOut();
      w.println("spoof: " + kind + " in " + out);
      w.println("ledger-commitment: " + spoof.ledgerCommitmentHex());
      w.println("chip snapshots: " + out.resolve(SNAPSHOTS_FILE));
      w.println("expected to be caught by: " + kind.caughtBy());
      return 0;
    }
  }

  /** Measures reproduction noise to calibrate ε. */
  @Command(name = "calibrate", description = "Measure reproduction noise and suggest epsilon.")
  static final class Calibrate implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--seeds", defaultValue = "3", description = "Runs per thread count.")
    int seeds;

    @CommandLine.Mixin ShapeOptions shape = new ShapeOptions();

    @Override
    public Integer call() throws IOException, TranscriptException {
      Path work = Files.createTempDirectory("chipledger-calibrate");
      NoiseCalibration.Result result =
          NoiseCalibration.measure(
              NoiseCalibration.seeds(seeds),
              seed -> shape.config("calibration-" + seed, seed, 1, List.of()),
              work);
      Files.delete(work);
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          Locale.ROOT,
          "setup: MLP %s, batch %d, %d steps, k=%d, lr %s; %d seeds, each trained twice with 1"
              + " and with 2 intra-op threads and replayed with both%n",
          shape.layers,
          shape.batch,
          shape.steps,
          shape.interval,
          shape.lr,
          seeds);
      w.println(result.describe());
      w.printf(
          Locale.ROOT, "suggested epsilon (100x, floor 1e-6): %.3e%n", result.epsilon(100, 1e-6));
      return 0;
    }
  }

  /** Prints the figures. */
  @Command(name = "bench", description = "Detection rates, false positives, cost, step times.")
  static final class Bench implements Callable<Integer> {
    @Option(names = "--attack-seeds", defaultValue = "20", description = "Seeds per attack kind.")
    int attackSeeds;

    @Option(names = "--honest-runs", defaultValue = "50", description = "Honest runs.")
    int honestRuns;

    @Option(names = "--calibration-seeds", defaultValue = "3", description = "Calibration seeds.")
    int calibrationSeeds;

    @CommandLine.ArgGroup(exclusive = false)
    PolicyOptions policyOptions = new PolicyOptions();

    @Override
    public Integer call() throws IOException, TranscriptException {
      Path work = Files.createTempDirectory("chipledger-bench");
      java.io.PrintStream out =
          new java.io.PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
      new Benchmark(out, work, policyOptions.policy())
          .run(attackSeeds, honestRuns, calibrationSeeds);
      Files.delete(work);
      return 0;
    }
  }
}
