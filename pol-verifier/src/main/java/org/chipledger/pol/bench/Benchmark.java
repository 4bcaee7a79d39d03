package org.chipledger.pol.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.attack.AttackKind;
import org.chipledger.pol.attack.DilutionSpoof;
import org.chipledger.pol.attack.PartialRetrainSpoof;
import org.chipledger.pol.attack.Spoof;
import org.chipledger.pol.attack.SpoofGenerator;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.ScratchTranscripts;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.verify.CatchProbability;
import org.chipledger.pol.verify.CheckName;
import org.chipledger.pol.verify.ChipTimeline;
import org.chipledger.pol.verify.NoiseCalibration;
import org.chipledger.pol.verify.Verdict;
import org.chipledger.pol.verify.VerificationRequest;
import org.chipledger.pol.verify.Verifier;
import org.chipledger.pol.verify.VerifierPolicy;

/**
 * The figures: detection rate per attack kind, false positives on honest runs trained with
 * 1 and 2 threads, the Verifier's cost as a fraction of training, and replay against training step
 * time.
 *
 * @param out where the figures are printed
 * @param work where scratch transcripts are written
 * @param policy the Verifier policy measured
 */
public record Benchmark(PrintStream out, Path work, VerifierPolicy policy) {
  /** An honest run with its chip snapshots. */
  private record HonestRun(ReferenceTrainer.Result result, List<SnapshotClaim> snapshots) {}

  private HonestRun honest(TrainingConfig config, Path dir) throws IOException {
    int k = config.checkpointInterval();
    SnapshotRecorder recorder =
        new SnapshotRecorder(
            SnapshotRecorder.randomSteps(config.initSeed(), 2, k + 1, config.steps() - 1), dir);
    return new HonestRun(ReferenceTrainer.train(config, dir, recorder), recorder.claims());
  }

  private static String beacon(String label, long seed) {
    return Sha256.hex(Sha256.of((label + seed).getBytes(StandardCharsets.UTF_8)));
  }

  /** Runs everything and prints the figures. */
  public void run(int attackSeeds, int honestRuns, int calibrationSeeds)
      throws IOException, TranscriptException {
    out.println("# chipledger pol-verifier benchmark");
    out.printf(
        Locale.ROOT,
        "model 32-16-4 MLP, batch 16, 400 steps, k=10 (40 segments), SGD lr 0.1; policy: top-Q=%d,"
            + " random=%d, eps=%.1e%n",
        policy.topQ(),
        policy.randomSegments(),
        policy.epsilon());
    calibration(calibrationSeeds);
    detection(attackSeeds);
    dilution(attackSeeds);
    partialRetrain(attackSeeds);
    honestRuns(honestRuns);
  }

  /**
   * The dilution spoof of issue 20 at 2.5, 10, 25 and 50 % fabricated steps over {@code seeds}
   * seeds: how often the Verifier caught it, next to the bound every report states.
   */
  public void dilution(int seeds) throws IOException, TranscriptException {
    out.println();
    out.printf(
        Locale.ROOT,
        "## Dilution spoof: honest one-step segments, fabricated ten-step ones (%d seeds each)%n",
        seeds);
    out.println("| fabricated steps | stated bound (replay alone) | caught | rate |");
    out.println("|---|---|---|---|");
    Verifier verifier = new Verifier(policy);
    for (int fabricated : new int[] {10, 40, 100, 200}) {
      int caught = 0;
      for (long seed = 1; seed <= seeds; seed++) {
        Path dir = work.resolve("dilution-" + fabricated + "-" + seed);
        DilutionSpoof.Written spoof = DilutionSpoof.write(dir, fabricated, seed);
        Verdict verdict =
            verifier.verify(
                dir,
                new VerificationRequest(
                    java.util.Optional.of(spoof.commitmentHex()),
                    beacon("dilution", seed),
                    List.of()));
        caught += verdict.passed() ? 0 : 1;
        ScratchTranscripts.delete(dir);
      }
      double phi = fabricated / (double) DilutionSpoof.STEPS;
      // The top-Q pick is an honest one-step segment: 399 steps left to draw from.
      double bound =
          CatchProbability.lowerBound(
              phi,
              DilutionSpoof.STEPS,
              DilutionSpoof.STEPS - policy.topQ(),
              policy.randomSegments(),
              false);
      out.printf(
          Locale.ROOT,
          "| %d of %d (%.1f%%) | %.3f | %d / %d | %.1f%% |%n",
          fabricated,
          DilutionSpoof.STEPS,
          100 * phi,
          bound,
          caught,
          seeds,
          100.0 * caught / seeds);
    }
  }

  /** Chip snapshot steps each partial-retrain spoof's chips take (at random steps per seed). */
  static final int PARTIAL_RETRAIN_SNAPSHOTS = 4;

  /**
   * The partial-retrain spoof with the chips snapshotting what really ran (issue 20 item 3), at
   * 2.5, 10, 25 and 50 % fabricated steps over {@code seeds} seeds, verified as a run on the ledger
   * (declaration, chip times an hour a step): how often it was caught, next to the sum of the
   * bounds the reports state by replay plus chip snapshots.
   */
  public void partialRetrain(int seeds) throws IOException, TranscriptException {
    out.println();
    out.printf(
        Locale.ROOT,
        "## Partial retrain, chips snapshotting what really ran (%d seeds each, %d snapshot steps"
            + " a run)%n",
        seeds,
        PARTIAL_RETRAIN_SNAPSHOTS);
    out.println(
        "| fabricated steps | stated bound, replay alone | stated bound, replay + snapshots (mean)"
            + " | caught | rate | by segment replay | by snapshots | fake segment in top-Q |");
    out.println("|---|---|---|---|---|---|---|---|");
    Verifier verifier = new Verifier(policy);
    for (int fabricated : new int[] {10, 40, 100, 200}) {
      int[] counts = new int[4]; // caught, by replay, by snapshots, fake in top-Q
      double predicted = 0;
      for (long seed = 1; seed <= seeds; seed++) {
        TrainingConfig config = TrainingConfig.small(seed, 1);
        Path dir = work.resolve("partial-" + fabricated + "-" + seed);
        PartialRetrainSpoof.Written spoof =
            PartialRetrainSpoof.write(
                dir,
                config,
                fabricated,
                SnapshotRecorder.randomSteps(
                    seed * 7919 + fabricated, PARTIAL_RETRAIN_SNAPSHOTS, 1, config.steps()));
        Verdict verdict =
            verifier.verify(dir, ledgerRequest(config, spoof, beacon("partial", seed)));
        counts[0] += verdict.passed() ? 0 : 1;
        counts[1] += verdict.failedChecks().contains(CheckName.SEGMENT_REPLAY) ? 1 : 0;
        counts[2] += verdict.failedChecks().contains(CheckName.SNAPSHOTS) ? 1 : 0;
        counts[3] += spoof.fakeInTopQ() ? 1 : 0;
        predicted +=
            CatchProbability.withSnapshots(
                fabricated / (double) config.steps(),
                config.steps(),
                config.steps() - (long) policy.topQ() * config.checkpointInterval(),
                policy.randomSegments(),
                false,
                (int) spoof.chipSnapshots().stream().map(SnapshotClaim::step).distinct().count());
        ScratchTranscripts.delete(dir);
      }
      double phi = fabricated / 400.0;
      out.printf(
          Locale.ROOT,
          "| %d of 400 (%.1f%%) | %.3f | %.3f (expected caught %.1f) | %d / %d | %.1f%% | %d | %d"
              + " | %d |%n",
          fabricated,
          100 * phi,
          CatchProbability.lowerBound(
              phi, 400, 400 - 10L * policy.topQ(), policy.randomSegments(), false),
          predicted / seeds,
          predicted,
          counts[0],
          seeds,
          100.0 * counts[0] / seeds,
          counts[1],
          counts[2],
          counts[3]);
    }
  }

  /**
   * The request a Verifier asking the ledger would make for {@code config}'s run: declared with its
   * own manifest hash, its chips logging {@code spoof}'s snapshots alternately, an hour a step.
   */
  static VerificationRequest ledgerRequest(
      TrainingConfig config, PartialRetrainSpoof.Written spoof, String beaconHex) {
    List<ChipTimeline.Entry> entries = new java.util.ArrayList<>();
    java.time.Instant start = java.time.Instant.parse("2026-11-01T00:00:00Z");
    List<SnapshotClaim> claims = spoof.chipSnapshots();
    for (int i = 0; i < claims.size(); i++) {
      int step = claims.get(i).step();
      entries.add(
          new ChipTimeline.Entry(
              config.chipIds().get(i % config.chipIds().size()),
              1 + i / config.chipIds().size(),
              step,
              start.plus(java.time.Duration.ofHours(step))));
    }
    return new VerificationRequest(
        java.util.Optional.of(spoof.commitmentHex()),
        true,
        beaconHex,
        claims,
        java.util.OptionalDouble.empty(),
        java.util.OptionalDouble.empty(),
        java.util.Optional.of(
            new VerificationRequest.Declaration(config.runId(), config.chipIds())),
        java.util.Optional.of(new ChipTimeline(entries, config.chipIds().size(), 0)));
  }

  private void calibration(int calibrationSeeds) throws IOException, TranscriptException {
    NoiseCalibration.Result calibration =
        NoiseCalibration.measure(NoiseCalibration.seeds(calibrationSeeds), work);
    out.println();
    out.println("## Reproduction noise (epsilon calibration)");
    out.println(calibration.describe());
    out.printf(
        Locale.ROOT,
        "epsilon at 100x the largest noise (floor 1e-6): %.3e; policy epsilon %.1e%n",
        calibration.epsilon(100, 1e-6),
        policy.epsilon());
  }

  private void detection(int attackSeeds) throws IOException, TranscriptException {
    out.println();
    out.printf(Locale.ROOT, "## Detection rate per attack (%d seeds each)%n", attackSeeds);
    // Per kind: spoofs caught by the check meant to catch them [0], and rejected at all [1].
    Map<AttackKind, int[]> detections = new EnumMap<>(AttackKind.class);
    Verifier verifier = new Verifier(policy);
    SpoofGenerator generator = new SpoofGenerator(policy.topQ());
    for (long seed = 1; seed <= attackSeeds; seed++) {
      Path honestDir = work.resolve("attack-honest-" + seed);
      HonestRun run = honest(TrainingConfig.small(seed, 1), honestDir);
      for (AttackKind kind : AttackKind.values()) {
        Path spoofDir = work.resolve("spoof-" + seed + "-" + kind);
        Spoof spoof = generator.generate(kind, honestDir, run.snapshots(), spoofDir);
        Verdict verdict =
            verifier.verify(
                spoofDir,
                new VerificationRequest(
                    java.util.Optional.of(spoof.ledgerCommitmentHex()),
                    beacon("attack", seed),
                    spoof.snapshots()));
        int[] counts = detections.computeIfAbsent(kind, x -> new int[2]);
        counts[0] += !verdict.passed() && verdict.failedChecks().contains(kind.caughtBy()) ? 1 : 0;
        counts[1] += !verdict.passed() ? 1 : 0;
        ScratchTranscripts.delete(spoofDir);
      }
      ScratchTranscripts.delete(honestDir);
    }
    out.println("| attack | caught by | detected (by that check) | rejected at all |");
    out.println("|---|---|---|---|");
    for (AttackKind kind : AttackKind.values()) {
      int[] c = detections.get(kind);
      out.printf(
          Locale.ROOT,
          "| %s | %s | %d/%d (%.0f%%) | %d/%d |%n",
          kind,
          kind.caughtBy(),
          c[0],
          attackSeeds,
          100.0 * c[0] / attackSeeds,
          c[1],
          attackSeeds);
    }
  }

  /** What the honest runs add up to: false positives and the Verifier's cost against training. */
  private static final class HonestTally {
    int falsePositives;
    long trainNanos;
    long trainSteps;
    long verifyNanos;
    long replayed;
    double maxFraction;

    void add(Verdict verdict, long verifyTime, long trainingTime) {
      verifyNanos += verifyTime;
      trainNanos += trainingTime;
      trainSteps += verdict.trainedSteps();
      replayed += verdict.replayedSteps();
      maxFraction =
          Math.max(maxFraction, (double) verdict.replayedSteps() / verdict.trainedSteps());
    }
  }

  private void honestRuns(int honestRuns) throws IOException, TranscriptException {
    out.println();
    out.printf(
        Locale.ROOT,
        "## Honest runs: %d, trained with 1 and 2 threads alternately, replayed with 1 thread%n",
        honestRuns);
    Verifier crossThreadVerifier = new Verifier(policy.withReplayThreads(1));
    HonestTally tally = new HonestTally();
    for (int r = 1; r <= honestRuns; r++) {
      int threads = 1 + r % 2;
      Path dir = work.resolve("honest-" + r);
      HonestRun run = honest(TrainingConfig.small(1000L + r, threads), dir);
      long start = System.nanoTime();
      Verdict verdict =
          crossThreadVerifier.verify(
              dir,
              new VerificationRequest(
                  java.util.Optional.of(Sha256.hex(run.result().manifestHash())),
                  beacon("honest", r),
                  run.snapshots()));
      tally.add(verdict, System.nanoTime() - start, run.result().trainingNanos());
      if (!verdict.passed()) {
        tally.falsePositives++;
        out.println("false positive, run " + r + ":");
        out.print(verdict.reportText());
      }
      ScratchTranscripts.delete(dir);
    }
    printCost(tally, honestRuns);
  }

  private void printCost(HonestTally tally, int honestRuns) {
    out.printf(
        Locale.ROOT,
        "false positives: %d/%d (%.1f%%)%n",
        tally.falsePositives,
        honestRuns,
        100.0 * tally.falsePositives / honestRuns);
    out.println();
    out.println("## Verifier cost");
    out.printf(
        Locale.ROOT,
        "replayed steps / trained steps: mean %.2f%%, worst run %.2f%%%n",
        100.0 * tally.replayed / tally.trainSteps,
        100.0 * tally.maxFraction);
    out.printf(
        Locale.ROOT,
        "wall time: verification (load, hash, init, replay, snapshots) %.1f ms per run vs training"
            + " loop %.1f ms per run (%.1f%%)%n",
        tally.verifyNanos / 1e6 / honestRuns,
        tally.trainNanos / 1e6 / honestRuns,
        100.0 * tally.verifyNanos / tally.trainNanos);
    out.printf(
        Locale.ROOT,
        "step time: training %.3f ms/step (mean over %d steps); verification %.3f ms per replayed"
            + " step (all verification work divided by replayed steps, an upper bound)%n",
        tally.trainNanos / 1e6 / tally.trainSteps,
        tally.trainSteps,
        tally.verifyNanos / 1e6 / tally.replayed);
  }
}
