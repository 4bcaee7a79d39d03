package org.chipledger.chaincode.policy;

import com.google.protobuf.Timestamp;
import java.util.List;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.ThresholdStep;

/**
 * The compute threshold H as a schedule: each step's H holds from its date until the next step's,
 * and before the first step H is the inspection parameters' one number. A run is judged by the H in
 * force when it started, so raising H later neither clears nor raises its flags.
 */
public final class Thresholds {
  /** Bounds the policy's size on every backend. */
  static final int MAX_STEPS = 64;

  private Thresholds() {}

  /** H in force at {@code when}; 0 when the policy has no H at all. */
  public static double inForce(Policy policy, Timestamp when) {
    double h = policy.hasInspection() ? policy.getInspection().getThresholdFlop() : 0;
    for (ThresholdStep step : policy.getThresholdScheduleList()) {
      if (Times.compare(step.getFrom(), when) > 0) {
        break;
      }
      h = step.getThresholdFlop();
    }
    return h;
  }

  /**
   * Checks a proposed schedule: dates strictly increasing, every H positive, and every step of the
   * previous schedule already in force at {@code now} kept as it was, so that nobody moves the line
   * under a run that has started.
   */
  static void validate(List<ThresholdStep> proposed, List<ThresholdStep> previous, Timestamp now) {
    Checks.require(
        proposed.size() <= MAX_STEPS,
        ErrorCode.INVALID_POLICY,
        "at most " + MAX_STEPS + " steps in the threshold schedule");
    for (int i = 0; i < proposed.size(); i++) {
      ThresholdStep step = proposed.get(i);
      Checks.require(
          Double.isFinite(step.getThresholdFlop()) && step.getThresholdFlop() > 0,
          ErrorCode.INVALID_POLICY,
          "every step of the threshold schedule needs a positive H");
      Checks.require(
          step.hasFrom()
              && (i == 0 || Times.compare(proposed.get(i - 1).getFrom(), step.getFrom()) < 0),
          ErrorCode.INVALID_POLICY,
          "the threshold schedule's dates must be set and strictly increasing");
    }
    List<ThresholdStep> inForceBefore = started(previous, now);
    Checks.require(
        started(proposed, now).equals(inForceBefore),
        ErrorCode.INVALID_POLICY,
        "steps of the threshold schedule already in force cannot be changed, added or removed");
  }

  private static List<ThresholdStep> started(List<ThresholdStep> steps, Timestamp now) {
    return steps.stream().filter(s -> Times.compare(s.getFrom(), now) <= 0).toList();
  }
}
