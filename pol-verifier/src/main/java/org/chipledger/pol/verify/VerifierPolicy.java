package org.chipledger.pol.verify;

import org.chipledger.chaincode.policy.OversightRules;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.VerifierRules;

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
 * @param target the ledger policy's detection target, stated in the report ({@link
 *     DetectionTarget#NONE} if it sets none)
 */
public record VerifierPolicy(
    double epsilon,
    String epsilonBasis,
    int topQ,
    int randomSegments,
    int maxCheckpointInterval,
    double flopsRelativeTolerance,
    double flopsThresholdH,
    int replayThreads,
    DetectionTarget target) {

  /**
   * The default ε, calibrated from measured non-zero noise: {@code pol-verifier calibrate --seeds 3
   * --layers 784,128,10 --batch 64 --steps 100 --interval 10 --lr 0.05} (120 segment replays,
   * 2026-11-25) found 1-vs-2 intra-op threads drift by at most d = 6.16e-7 of a segment's update
   * (same threads: 0, bit-identical). ε is 100 times that, rounded up. The 32-16-4 MLP of the tests
   * and the benchmark shows no noise at all (its matmuls are too small to split across threads),
   * while the fabricated segments of every known spoof miss by 0.5 to 2 times their whole update.
   */
  public static final double DEFAULT_EPSILON = 6.2e-5;

  /** Validates ranges. */
  public VerifierPolicy {
    if (!(epsilon >= 0) || topQ < 0 || randomSegments < 0 || maxCheckpointInterval < 1) {
      throw new IllegalArgumentException("invalid verifier policy");
    }
    if (!(flopsRelativeTolerance >= 0)
        || !(flopsThresholdH > 0)
        || replayThreads < 0
        || target == null) {
      throw new IllegalArgumentException("invalid verifier policy");
    }
  }

  /** Defaults: ε = 6.2e-5, top-1 plus 1 random segment, k ≤ 10, FLOPs within 5%, H = 1e26. */
  public static VerifierPolicy defaults() {
    return new VerifierPolicy(
        DEFAULT_EPSILON,
        "default: 100x the measured 1-vs-2-thread replay noise d=6.16e-7 of a 784-128-10 MLP,"
            + " batch 64 (pol-verifier calibrate, 120 segments)",
        1,
        1,
        10,
        0.05,
        1e26,
        0,
        DetectionTarget.NONE);
  }

  /** The same policy with other segment counts. */
  public VerifierPolicy withSegments(int newTopQ, int newRandomSegments) {
    return with(newTopQ, newRandomSegments, flopsThresholdH, replayThreads);
  }

  /** The same policy with another replay thread count (0 = as recorded). */
  public VerifierPolicy withReplayThreads(int threads) {
    return with(topQ, randomSegments, flopsThresholdH, threads);
  }

  /** The same policy with another threshold H. */
  public VerifierPolicy withThresholdH(double h) {
    return with(topQ, randomSegments, h, replayThreads);
  }

  /**
   * This policy held to the ledger's Verifier rules: at least the random segments its detection
   * target needs and the replayed segments it requires (the chaincode's own rules compute both, and
   * refuse a verdict below them), with the target stated in the report.
   */
  public VerifierPolicy meeting(Policy ledger) {
    int random = Math.max(randomSegments, OversightRules.minRandom(ledger));
    int q = Math.max(topQ, OversightRules.minReplayed(ledger) - random);
    VerifierRules rules = ledger.getVerifierRules();
    DetectionTarget wanted =
        rules.getDetectionTarget() > 0
            ? new DetectionTarget(rules.getDetectionTarget(), rules.getSpoofedFraction())
            : target;
    return new VerifierPolicy(
        epsilon,
        epsilonBasis,
        q,
        random,
        maxCheckpointInterval,
        flopsRelativeTolerance,
        flopsThresholdH,
        replayThreads,
        wanted);
  }

  /** The same tolerances with these segment counts, threshold and replay threads. */
  private VerifierPolicy with(int q, int random, double h, int threads) {
    return new VerifierPolicy(
        epsilon,
        epsilonBasis,
        q,
        random,
        maxCheckpointInterval,
        flopsRelativeTolerance,
        h,
        threads,
        target);
  }
}
