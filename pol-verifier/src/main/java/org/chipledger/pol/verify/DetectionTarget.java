package org.chipledger.pol.verify;

/**
 * The ledger policy's detection target: a prover who fabricated {@code fraction} of the steps must
 * be caught with probability at least {@code confidence}. The Verifier draws enough random segments
 * to meet it (the count is the chaincode's {@code OversightRules.minRandom}, which the ledger also
 * holds a verdict to) and states in the report whether the bound it reached meets it.
 *
 * @param confidence the probability to reach, in (0, 1); 0 when the policy sets no target
 * @param fraction the fabricated fraction of steps it applies to, in (0, 1]
 */
public record DetectionTarget(double confidence, double fraction) {
  /** No target: the report states the bounds only. */
  public static final DetectionTarget NONE = new DetectionTarget(0, 0);

  /** Validates ranges. */
  public DetectionTarget {
    boolean none = confidence == 0 && fraction == 0;
    if (!none && !(confidence > 0 && confidence < 1 && fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("invalid detection target");
    }
  }

  /** Whether the policy set a target. */
  public boolean isSet() {
    return confidence > 0;
  }
}
