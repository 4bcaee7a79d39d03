package org.chipledger.app.verifier;

import java.util.Optional;
import org.chipledger.pol.verify.DetectionTarget;
import org.chipledger.pol.verify.VerifierPolicy;
import picocli.CommandLine.Option;

/** The replay policy options of verify, daemon and bench. */
final class VerifierPolicyOptions {
  @Option(names = "--epsilon", description = "Tolerance on the normalised L2 distance.")
  Optional<Double> epsilon;

  @Option(names = "--top-q", defaultValue = "1", description = "Largest-update segments replayed.")
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
        replayThreads,
        DetectionTarget.NONE);
  }
}
