package org.chipledger.pol.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.attack.AdversarialSteps;
import org.chipledger.pol.attack.FangBlindfoldSpoof;
import org.chipledger.pol.attack.PartialRetrainSpoof;
import org.chipledger.pol.attack.ZhangSpoof;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.ScratchTranscripts;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.verify.CatchProbability;
import org.chipledger.pol.verify.CheckName;
import org.chipledger.pol.verify.Verdict;
import org.chipledger.pol.verify.VerificationRequest;
import org.chipledger.pol.verify.Verifier;
import org.chipledger.pol.verify.VerifierPolicy;

/**
 * Issue 20 item 7's figures: the attacks of the literature as published (Zhang's adversarial
 * examples, Fang's blindfold top-Q), run under declaration before training, with the measured
 * detection rate next to the predicted one, the checks that caught them and the Verifier's cost;
 * and what the memorisation check (check 8) adds, against its cost.
 *
 * @param out where the table is printed
 * @param work where scratch transcripts are written
 * @param policy the Verifier policy measured
 */
public record LiteratureBenchmark(PrintStream out, Path work, VerifierPolicy policy) {
  /** Segments the memorisation rows check. */
  static final int MEMORISATION_SEGMENTS = 8;

  /** Steps of the Zhang thief's declared run. */
  static final int ZHANG_STEPS = 40;

  /** One row's tally. */
  private static final class Row {
    final Map<CheckName, Integer> failed = new EnumMap<>(CheckName.class);
    int caught;
    int runs;
    double predicted;
    long replayed;
    long trained;
    long nanos;
    double extra;

    void add(Verdict verdict, long verifyNanos, double predictedRate) {
      runs++;
      caught += verdict.passed() ? 0 : 1;
      verdict.failedChecks().forEach(c -> failed.merge(c, 1, Integer::sum));
      predicted += predictedRate;
      replayed += verdict.replayedSteps();
      trained += verdict.trainedSteps();
      nanos += verifyNanos;
    }
  }

  private static String beacon(String label, long seed) {
    return Sha256.hex(Sha256.of((label + seed).getBytes(StandardCharsets.UTF_8)));
  }

  private static Weights trainVictim(long seed, Path dir) throws IOException, TranscriptException {
    ReferenceTrainer.train(TrainingConfig.small(seed, 1), dir, (s, w) -> {});
    Transcript t = Transcript.load(dir);
    return t.checkpoint(t.checkpointCount() - 1);
  }

  private static VerificationRequest declared(
      String commitment,
      boolean onLedger,
      String beacon,
      List<SnapshotClaim> snapshots,
      TrainingConfig config) {
    return new VerificationRequest(
        Optional.of(commitment),
        onLedger,
        beacon,
        snapshots,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        Optional.of(new VerificationRequest.Declaration(config.runId(), config.chipIds())));
  }

  private static Verdict timed(
      Verifier verifier, Path dir, VerificationRequest request, long[] nanos) {
    long start = System.nanoTime();
    Verdict verdict = verifier.verify(dir, request);
    nanos[0] = System.nanoTime() - start;
    return verdict;
  }

  /** Runs every row over {@code seeds} seeds and prints the table. */
  public void run(int seeds) throws IOException, TranscriptException {
    out.println();
    out.printf(
        Locale.ROOT,
        "## Attacks of the literature as published, declared before training (%d seeds each;"
            + " policy top-Q=%d, random=%d)%n",
        seeds,
        policy.topQ(),
        policy.randomSegments());
    Map<String, Row> rows = new java.util.LinkedHashMap<>();
    for (long seed = 1; seed <= seeds; seed++) {
      Path victimDir = work.resolve("lit-victim-" + seed);
      Weights stolen = trainVictim(seed, victimDir);
      zhang(seed, stolen, rows);
      fang(seed, stolen, rows);
      partial(seed, rows);
      honest(seed, rows);
      ScratchTranscripts.delete(victimDir);
    }
    print(rows);
  }

  private void zhang(long seed, Weights stolen, Map<String, Row> rows)
      throws IOException, TranscriptException {
    TrainingConfig thief =
        new TrainingConfig(
            "run-thief-" + seed,
            MlpSpec.of(32, 16, 4),
            0.1f,
            16,
            ZHANG_STEPS,
            10,
            seed + 50_000,
            seed + 60_000,
            1,
            List.of("chip-thief-" + seed));
    Verifier verifier = new Verifier(policy);
    for (ZhangSpoof.Declared declared : ZhangSpoof.Declared.values()) {
      Path dir = work.resolve("lit-zhang-" + declared + "-" + seed);
      ZhangSpoof.Written spoof =
          ZhangSpoof.write(
              dir,
              ReferenceTrainer.plan(thief),
              stolen,
              declared,
              SnapshotRecorder.randomSteps(seed, 2, 1, ZHANG_STEPS),
              AdversarialSteps.ZHANG_ITERATIONS);
      long[] nanos = new long[1];
      Verdict verdict =
          timed(
              verifier,
              dir,
              declared(
                  spoof.commitmentHex(), true, beacon("zhang", seed), spoof.chipSnapshots(), thief),
              nanos);
      Row row =
          rows.computeIfAbsent(
              declared == ZhangSpoof.Declared.REAL_DATA
                  ? "Zhang adversarial examples | declared data root names real data, chips"
                      + " snapshot the crafted steps | 1.0: deterministic (data root)"
                  : "Zhang adversarial examples | thief declares its crafted data, chips run and"
                      + " snapshot the crafted steps | 1.0: deterministic (top-Q picks the jump to"
                      + " W_T)",
              k -> new Row());
      row.add(verdict, nanos[0], 1.0);
      row.extra += spoof.endMiss();
      ScratchTranscripts.delete(dir);
    }
  }

  private void fang(long seed, Weights stolen, Map<String, Row> rows)
      throws IOException, TranscriptException {
    Path dir = work.resolve("lit-fang-" + seed);
    TrainingConfig base =
        TrainingConfig.small(seed, 1).forRun("run-fang-" + seed, List.of("chip-fang-" + seed));
    FangBlindfoldSpoof.Written spoof =
        FangBlindfoldSpoof.write(
            dir, base, stolen, FangBlindfoldSpoof.Parameters.PUBLISHED_SCALED, 4, seed * 31);
    TrainingConfig declaredConfig = spoof.config();
    int steps = declaredConfig.steps();
    double phi = spoof.fabricatedSteps() / (double) steps;
    long outsideTopQ = steps - (long) policy.topQ() * declaredConfig.checkpointInterval();
    double replayAlone =
        CatchProbability.lowerBound(phi, steps, outsideTopQ, policy.randomSegments(), false);
    long[] nanos = new long[1];
    String b = beacon("fang", seed);
    Verdict alone =
        timed(
            new Verifier(policy),
            dir,
            declared(spoof.commitmentHex(), false, b, List.of(), declaredConfig),
            nanos);
    rows.computeIfAbsent(
            "Fang blindfold top-Q | own real data declared; replay alone | CatchProbability",
            k -> new Row())
        .add(alone, nanos[0], replayAlone);
    int snapshotSteps =
        (int) spoof.chipSnapshots().stream().map(SnapshotClaim::step).distinct().count();
    Verdict chips =
        timed(
            new Verifier(policy),
            dir,
            declared(spoof.commitmentHex(), true, b, spoof.chipSnapshots(), declaredConfig),
            nanos);
    rows.computeIfAbsent(
            "Fang blindfold top-Q | own real data declared; 4 chip snapshots of what ran |"
                + " CatchProbability with snapshots",
            k -> new Row())
        .add(
            chips,
            nanos[0],
            CatchProbability.withSnapshots(
                phi, steps, outsideTopQ, policy.randomSegments(), false, snapshotSteps));
    Verdict memo =
        timed(
            new Verifier(policy.withSegments(policy.topQ(), 0), MEMORISATION_SEGMENTS),
            dir,
            declared(spoof.commitmentHex(), false, b, List.of(), declaredConfig),
            nanos);
    rows.computeIfAbsent(
            "Fang blindfold top-Q | replay top-Q only (no random segment) + memorisation, "
                + MEMORISATION_SEGMENTS
                + " segments | not derived (measured)",
            k -> new Row())
        .add(memo, nanos[0], Double.NaN);
    ScratchTranscripts.delete(dir);
  }

  private void partial(long seed, Map<String, Row> rows) throws IOException, TranscriptException {
    TrainingConfig config = TrainingConfig.small(seed, 1);
    Path dir = work.resolve("lit-partial-" + seed);
    int fabricated = 40;
    PartialRetrainSpoof.Written spoof =
        PartialRetrainSpoof.write(dir, config, fabricated, java.util.Set.of());
    String b = beacon("lit-partial", seed);
    VerificationRequest request = declared(spoof.commitmentHex(), false, b, List.of(), config);
    double phi = fabricated / (double) config.steps();
    long outside = config.steps() - 10L * policy.topQ();
    long[] nanos = new long[1];
    // Three more random segments cost 30 replayed steps: about the 32 step-equivalents of
    // the memorisation check's 96 forward passes.
    int extra = policy.randomSegments() + 3;
    rows.computeIfAbsent("Partial retrain 10% | replay (policy) | CatchProbability", k -> new Row())
        .add(
            timed(new Verifier(policy), dir, request, nanos),
            nanos[0],
            CatchProbability.lowerBound(
                phi, config.steps(), outside, policy.randomSegments(), false));
    rows.computeIfAbsent(
            "Partial retrain 10% | replay (policy) + memorisation, "
                + MEMORISATION_SEGMENTS
                + " segments | not derived (measured)",
            k -> new Row())
        .add(
            timed(new Verifier(policy, MEMORISATION_SEGMENTS), dir, request, nanos),
            nanos[0],
            Double.NaN);
    rows.computeIfAbsent(
            "Partial retrain 10% | replay with 3 more random segments (same cost) |"
                + " CatchProbability",
            k -> new Row())
        .add(
            timed(new Verifier(policy.withSegments(policy.topQ(), extra)), dir, request, nanos),
            nanos[0],
            CatchProbability.lowerBound(phi, config.steps(), outside, extra, false));
    ScratchTranscripts.delete(dir);
  }

  private void honest(long seed, Map<String, Row> rows) throws IOException, TranscriptException {
    TrainingConfig config = TrainingConfig.small(2000 + seed, 1);
    Path dir = work.resolve("lit-honest-" + seed);
    byte[] hash = ReferenceTrainer.train(config, dir, (s, w) -> {}).manifestHash();
    long[] nanos = new long[1];
    Verdict verdict =
        timed(
            new Verifier(policy, MEMORISATION_SEGMENTS),
            dir,
            declared(Sha256.hex(hash), false, beacon("lit-honest", seed), List.of(), config),
            nanos);
    rows.computeIfAbsent(
            "Honest run (false positives) | replay (policy) + memorisation, "
                + MEMORISATION_SEGMENTS
                + " segments | 0",
            k -> new Row())
        .add(verdict, nanos[0], 0);
    ScratchTranscripts.delete(dir);
  }

  private void print(Map<String, Row> rows) {
    out.println(
        "| attack | setting | predicted rate | caught | measured rate | failing checks (runs) |"
            + " Verifier cost: replayed steps / trained, ms per verification |");
    out.println("|---|---|---|---|---|---|---|");
    for (Map.Entry<String, Row> e : rows.entrySet()) {
      Row r = e.getValue();
      String[] parts = e.getKey().split(" \\| ");
      String predicted =
          Double.isNaN(r.predicted)
              ? parts[2]
              : String.format(Locale.ROOT, "%.3f (%s)", r.predicted / r.runs, parts[2]);
      String failing =
          r.failed.isEmpty()
              ? "none"
              : r.failed.entrySet().stream()
                  .map(f -> f.getKey() + " " + f.getValue())
                  .collect(Collectors.joining(", "));
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %d / %d | %.1f%% | %s | %.2f%%, %.1f ms |%n",
          parts[0],
          parts[1],
          predicted,
          r.caught,
          r.runs,
          100.0 * r.caught / r.runs,
          failing,
          r.trained == 0 ? 0.0 : 100.0 * r.replayed / r.trained,
          r.nanos / 1e6 / r.runs);
    }
    rows.forEach(
        (key, r) -> {
          if (key.startsWith("Zhang")) {
            out.printf(
                Locale.ROOT,
                "Zhang (%s): crafted steps end at a mean %.3f of |W_T - W_0| from the stolen W_T;"
                    + " crafting cost %d batch gradients for %d steps (honest training: 400)%n",
                key.contains("thief declares") ? "crafted data declared" : "real data declared",
                r.extra / r.runs,
                (long) ZHANG_STEPS * (3 * AdversarialSteps.ZHANG_ITERATIONS + 1),
                ZHANG_STEPS);
          }
        });
    out.printf(
        Locale.ROOT,
        "memorisation cost: %d segments x 12 batch forward passes = %d forwards (about %d"
            + " training-step equivalents), no backward pass%n",
        MEMORISATION_SEGMENTS,
        MEMORISATION_SEGMENTS * 12,
        MEMORISATION_SEGMENTS * 4);
  }
}
