package org.chipledger.app.verifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.app.options.DurationConverter;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.pol.datacenter.DatacenterTraining;
import org.chipledger.pol.datacenter.TrainingChips;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.SnapshotClaim;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains a run with the reference trainer and writes its transcript; on the ledger (with {@code
 * --site-id}) emulated chips snapshot the live weights to a snapshot agent and the run is declared
 * with the transcript's manifest hash.
 */
@Command(
    name = "train",
    description = {
      "Train the reference MLP and write its transcript.",
      "With --site-id, the run's chips (deployed at the site) snapshot the live weights at"
          + " Poisson times through a snapshot agent to the ledger, and the run is declared with"
          + " the transcript's manifest hash and data commitment (sign as the site's datacenter"
          + " with --identity). Without it, emulated snapshots go to FILE "
          + PolVerifierCli.SNAPSHOTS_FILE
          + "."
    })
public final class Train implements Callable<Integer> {
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
      description =
          "Without --site-id: chip snapshots to emulate into "
              + PolVerifierCli.SNAPSHOTS_FILE
              + ".")
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
        converter = DurationConverter.class,
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
      SnapshotClaim.writeAll(out.resolve(PolVerifierCli.SNAPSHOTS_FILE), recorder.claims());
      w.println("chip snapshots: " + out.resolve(PolVerifierCli.SNAPSHOTS_FILE));
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
              serial, "emulator-0.1", ChipSigner.load(onLedger.chipKeys.resolve(serial + ".pem"))));
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
