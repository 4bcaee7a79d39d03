package org.chipledger.pol.verify;

/**
 * The guarantee a verification states: a lower bound on the probability that replay alone catches a
 * prover who fabricated a fraction φ of the run's steps, from the segment layout and the number of
 * random segments drawn by step (docs/design.md, "Stated guarantee").
 *
 * <p>A segment with a fabricated step fails replay. Fabricated steps inside a top-Q segment are
 * caught for sure, so the prover's best layout keeps all φ·T of them outside top-Q, where the
 * random draws pick a segment with probability proportional to its steps. Each draw then lands on a
 * fabricated step with probability at least p = min(1, φ·T / T_rest), and drawing an honest segment
 * only raises that share for the next draw, so P(caught) ≥ 1 − (1 − p)^r for r draws; if every
 * segment outside top-Q is drawn, P(caught) = 1.
 */
public final class CatchProbability {
  /** The fractions of fabricated steps every report states. */
  public static final double[] STATED_FRACTIONS = {0.01, 0.05, 0.10, 0.50};

  private CatchProbability() {}

  /**
   * The bound for fraction {@code phi} of {@code totalSteps}, with {@code stepsOutsideTopQ} steps
   * in the segments the random draws choose from and {@code drawn} of them drawn; {@code allDrawn}
   * if no segment outside top-Q was left undrawn.
   */
  public static double lowerBound(
      double phi, long totalSteps, long stepsOutsideTopQ, int drawn, boolean allDrawn) {
    if (!(phi > 0) || totalSteps < 1) {
      return 0;
    }
    if (allDrawn || stepsOutsideTopQ == 0) {
      return 1;
    }
    double p = Math.min(1, phi * totalSteps / stepsOutsideTopQ);
    return 1 - Math.pow(1 - p, drawn);
  }

  /**
   * The bound by replay plus chip snapshots: {@link #lowerBound} with {@code snapshotSteps}
   * distinct snapshot steps in 1..T each matched against a replayed state.
   */
  public static double withSnapshots(
      double phi,
      long totalSteps,
      long stepsOutsideTopQ,
      int drawn,
      boolean allDrawn,
      int snapshotSteps) {
    double replay = lowerBound(phi, totalSteps, stepsOutsideTopQ, drawn, allDrawn);
    if (!(phi > 0) || totalSteps < 1) {
      return replay;
    }
    double missed = (1 - replay) * Math.pow(Math.max(0, 1 - phi), snapshotSteps);
    return 1 - missed;
  }
}
