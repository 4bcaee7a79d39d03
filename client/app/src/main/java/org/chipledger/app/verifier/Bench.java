package org.chipledger.app.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.chipledger.pol.bench.Benchmark;
import org.chipledger.pol.bench.LiteratureBenchmark;
import org.chipledger.pol.bench.TransformerBenchmark;
import org.chipledger.pol.transcript.TranscriptException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the figures. */
@Command(name = "bench", description = "Detection rates, false positives, cost, step times.")
final class Bench implements Callable<Integer> {
  @Option(names = "--attack-seeds", defaultValue = "20", description = "Seeds per attack kind.")
  int attackSeeds;

  @Option(names = "--honest-runs", defaultValue = "50", description = "Honest runs.")
  int honestRuns;

  @Option(names = "--calibration-seeds", defaultValue = "3", description = "Calibration seeds.")
  int calibrationSeeds;

  @Option(
      names = "--dilution-only",
      description = "Only the dilution spoof's detection rates, over --attack-seeds seeds.")
  boolean dilutionOnly;

  @Option(
      names = "--partial-retrain-only",
      description =
          "Only the partial-retrain spoof (chips snapshotting what really ran): detection rates"
              + " next to the stated bound, over --attack-seeds seeds.")
  boolean partialRetrainOnly;

  @Option(
      names = "--transformer",
      description =
          "Only the transformer's figures: epsilon across thread counts, then --honest-runs honest"
              + " runs verified for a tenth of the steps fabricated caught with 99%%: false"
              + " positives and the Verifier's cost.")
  boolean transformer;

  @Option(
      names = "--transformer-steps",
      defaultValue = "2400",
      description = "Steps of each transformer run.")
  int transformerSteps;

  @Option(
      names = "--transformer-interval",
      defaultValue = "2",
      description = "Checkpoint interval k of each transformer run.")
  int transformerInterval;

  @Option(
      names = "--transformer-snapshots",
      defaultValue = "8",
      description = "Chip snapshot steps of each transformer run.")
  int transformerSnapshots;

  @Option(
      names = "--literature-only",
      description =
          "Only the attacks of the literature as published (Zhang's adversarial examples, Fang's"
              + " blindfold top-Q) under declaration before training, and the memorisation"
              + " check's rows, over --attack-seeds seeds.")
  boolean literatureOnly;

  @CommandLine.ArgGroup(exclusive = false)
  VerifierPolicyOptions policyOptions = new VerifierPolicyOptions();

  @Override
  public Integer call() throws IOException, TranscriptException {
    Path work = Files.createTempDirectory("chipledger-bench");
    java.io.PrintStream out =
        new java.io.PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
    Benchmark benchmark = new Benchmark(out, work, policyOptions.policy());
    if (transformer) {
      new TransformerBenchmark(
              out, work, transformerSteps, transformerInterval, transformerSnapshots)
          .run(calibrationSeeds, honestRuns);
    } else if (dilutionOnly) {
      benchmark.dilution(attackSeeds);
    } else if (partialRetrainOnly) {
      benchmark.partialRetrain(attackSeeds);
    } else if (literatureOnly) {
      new LiteratureBenchmark(out, work, policyOptions.policy()).run(attackSeeds);
    } else {
      benchmark.run(attackSeeds, honestRuns, calibrationSeeds);
      new LiteratureBenchmark(out, work, policyOptions.policy()).run(attackSeeds);
    }
    Files.delete(work);
    return 0;
  }
}
