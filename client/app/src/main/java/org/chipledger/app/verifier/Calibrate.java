package org.chipledger.app.verifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.verify.NoiseCalibration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures reproduction noise to calibrate ε. */
@Command(name = "calibrate", description = "Measure reproduction noise and suggest epsilon.")
final class Calibrate implements Callable<Integer> {
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
        "setup: %s, batch %d, %d steps, k=%d, lr %s; %d seeds, each trained twice with 1"
            + " and with 2 intra-op threads and replayed with both%n",
        shape.config("calibration", 1, 1, List.of()).model().describe(),
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
