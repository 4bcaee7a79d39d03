package org.chipledger.pol.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SgdStepper;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.ScratchTranscripts;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;

/**
 * Measures the reproduction noise ε must absorb: for honest runs trained with 1 and with 2 intra-op
 * threads, the normalised distance of every segment replayed with 1 and with 2 threads from the
 * prover's next checkpoint, and whether two trainings with the same settings are bit-identical.
 */
public final class NoiseCalibration {
  private NoiseCalibration() {}

  /**
   * The measured noise.
   *
   * @param sameThreadsMax largest segment distance when replay threads equal the prover's
   * @param crossThreadsMax largest segment distance when they differ (1 vs 2)
   * @param rerunsIdentical whether retraining with the same settings gave bit-identical checkpoints
   * @param segments number of segment replays measured
   */
  public record Result(
      double sameThreadsMax, double crossThreadsMax, boolean rerunsIdentical, int segments) {

    /** ε = {@code safety} × the largest noise seen, but never below {@code floor}. */
    public double epsilon(double safety, double floor) {
      return Math.max(floor, safety * Math.max(sameThreadsMax, crossThreadsMax));
    }

    /** One line for reports. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%d segment replays: same threads max d=%.3e, 1-vs-2 threads max d=%.3e; reruns"
              + " bit-identical: %s",
          segments,
          sameThreadsMax,
          crossThreadsMax,
          rerunsIdentical);
    }
  }

  /**
   * Runs the measurement on {@link TrainingConfig#small} runs for the given seeds, in {@code work}.
   */
  public static Result measure(List<Long> seeds, Path work)
      throws IOException, TranscriptException {
    return measure(seeds, seed -> TrainingConfig.small(seed, 1), work);
  }

  /**
   * Runs the measurement on the runs {@code configFor} gives for each seed, trained with 1 and with
   * 2 threads, in {@code work}.
   */
  public static Result measure(List<Long> seeds, LongFunction<TrainingConfig> configFor, Path work)
      throws IOException, TranscriptException {
    double same = 0;
    double cross = 0;
    boolean identical = true;
    int segments = 0;
    for (long seed : seeds) {
      for (int proverThreads = 1; proverThreads <= 2; proverThreads++) {
        TrainingConfig config = configFor.apply(seed).withThreads(proverThreads);
        Path first = work.resolve("cal-" + seed + "-t" + proverThreads + "-a");
        Path second = work.resolve("cal-" + seed + "-t" + proverThreads + "-b");
        ReferenceTrainer.Result a = ReferenceTrainer.train(config, first, (s, w) -> {});
        ReferenceTrainer.Result b = ReferenceTrainer.train(config, second, (s, w) -> {});
        identical &= java.util.Arrays.equals(a.manifestHash(), b.manifestHash());
        Transcript t = Transcript.load(first);
        for (int replayThreads = 1; replayThreads <= 2; replayThreads++) {
          double max = maxSegmentDistance(t, replayThreads);
          segments += t.checkpointCount() - 1;
          if (replayThreads == proverThreads) {
            same = Math.max(same, max);
          } else {
            cross = Math.max(cross, max);
          }
        }
        ScratchTranscripts.delete(first);
        ScratchTranscripts.delete(second);
      }
    }
    return new Result(same, cross, identical, segments);
  }

  private static double maxSegmentDistance(Transcript t, int threads) throws TranscriptException {
    double max = 0;
    try (SgdStepper stepper =
        new SgdStepper(t.spec(), t.manifest().getHyperparameters().getLearningRate(), threads)) {
      for (int i = 0; i + 1 < t.checkpointCount(); i++) {
        Weights start = t.checkpoint(i);
        Weights w = start;
        for (Batch batch : t.batches(t.checkpointStep(i), t.checkpointStep(i + 1))) {
          w = stepper.step(w, batch).weights();
        }
        max = Math.max(max, Verifier.normalisedDistance(start, t.checkpoint(i + 1), w));
      }
    }
    return max;
  }

  /** The list of seeds 1..n, for callers that just want n runs. */
  public static List<Long> seeds(int n) {
    List<Long> seeds = new ArrayList<>();
    for (long s = 1; s <= n; s++) {
      seeds.add(s);
    }
    return seeds;
  }
}
