package org.chipledger.pol.verify;

/**
 * The Verifier's knobs. The Verifier, not the prover, sets them (PoL authors: "the verifier should
 * be the one setting this parameter [k]"), and every one is stated in the report.
 *
 * @param epsilon tolerance on the normalised L2 distance between a replayed and a claimed state
 * @param epsilonBasis where ε comes from, for the report
 * @param topQ number of largest-update segments replayed, as in PoL
 * @param randomSegments number of further segments drawn from the unpredictable selection seed
 * @param maxCheckpointInterval the longest segment (in steps) the Verifier accepts
 * @param flopsRelativeTolerance allowed relative gap between declared and recomputed FLOPs
 * @param flopsThresholdH the policy threshold H on training compute
 * @param replayThreads intra-op threads for replay, or 0 to use the count recorded in the
 *     transcript
 */
public record VerifierPolicy(
    double epsilon,
    String epsilonBasis,
    int topQ,
    int randomSegments,
    int maxCheckpointInterval,
    double flopsRelativeTolerance,
    double flopsThresholdH,
    int replayThreads) {

  /**
   * The default ε. {@link NoiseCalibration} measured 0 on the 32-16-4 MLP (same threads and 1 vs 2
   * threads: these matmuls are too small to be split across threads); on a 784-128-10 MLP 1 vs 2
   * threads drift by relL2 ~3.5e-8 of the weights after 50 steps (dependencies.md §1), i.e. ~1e-6
   * of a segment's update. ε keeps two orders of magnitude above that, while the fabricated
   * segments of every known spoof miss by 0.5 to 2 times their whole update.
   */
  public static final double DEFAULT_EPSILON = 1e-4;

  /** Validates ranges. */
  public VerifierPolicy {
    if (!(epsilon >= 0) || topQ < 0 || randomSegments < 0 || maxCheckpointInterval < 1) {
      throw new IllegalArgumentException("invalid verifier policy");
    }
    if (!(flopsRelativeTolerance >= 0) || !(flopsThresholdH > 0) || replayThreads < 0) {
      throw new IllegalArgumentException("invalid verifier policy");
    }
  }

  /** Defaults: ε = 1e-4, top-1 plus 1 random segment, k ≤ 10, FLOPs within 5%, H = 1e26. */
  public static VerifierPolicy defaults() {
    return new VerifierPolicy(
        DEFAULT_EPSILON,
        "default: 100x the 1-vs-2-thread reproduction noise of a 784-128-10 MLP; see NoiseCalibration",
        1,
        1,
        10,
        0.05,
        1e26,
        0);
  }

  /** The same policy with other segment counts. */
  public VerifierPolicy withSegments(int newTopQ, int newRandomSegments) {
    return new VerifierPolicy(
        epsilon,
        epsilonBasis,
        newTopQ,
        newRandomSegments,
        maxCheckpointInterval,
        flopsRelativeTolerance,
        flopsThresholdH,
        replayThreads);
  }

  /** The same policy with another replay thread count (0 = as recorded). */
  public VerifierPolicy withReplayThreads(int threads) {
    return new VerifierPolicy(
        epsilon,
        epsilonBasis,
        topQ,
        randomSegments,
        maxCheckpointInterval,
        flopsRelativeTolerance,
        flopsThresholdH,
        threads);
  }

  /** The same policy with another threshold H. */
  public VerifierPolicy withThresholdH(double h) {
    return new VerifierPolicy(
        epsilon,
        epsilonBasis,
        topQ,
        randomSegments,
        maxCheckpointInterval,
        flopsRelativeTolerance,
        h,
        replayThreads);
  }
}
