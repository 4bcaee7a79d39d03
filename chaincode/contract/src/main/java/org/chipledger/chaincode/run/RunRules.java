package org.chipledger.chaincode.run;

import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.policy.Thresholds;
import org.chipledger.proto.ledger.v1.ApprovalState;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.FlagReason;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RunActivity;
import org.chipledger.proto.ledger.v1.RunApproval;
import org.chipledger.proto.ledger.v1.RunCompliance;
import org.chipledger.proto.ledger.v1.TrainingRun;

/**
 * The compute rules a run id is judged by, from what the ledger alone holds: declared before its
 * snapshots and by the operator whose chips snapshot it, and within the H in force when it started
 * (by its declaration and by its chips' busy time at peak rate) unless an approval that came first
 * covers it. Inspections raise these flags at every sampled chip that names the run.
 */
public final class RunRules {
  private RunRules() {}

  /** The run's standing as a query; a run id unknown to the ledger is RUN_NOT_FOUND. */
  public static RunCompliance view(LedgerState state, String runId) {
    Membership.requireMember(state);
    Checks.id("run id", runId);
    if (!Runs.known(state, runId)) {
      throw new RuleViolation(ErrorCode.RUN_NOT_FOUND, "no run " + runId + " on the ledger");
    }
    return compliance(state, runId, "");
  }

  /** Every flag the run raises, each naming {@code serial} (the chip an inspector found it on). */
  public static List<Flag> flags(LedgerState state, String serial, String runId) {
    return compliance(state, runId, serial).getFlagsList();
  }

  static RunCompliance compliance(LedgerState state, String runId, String serial) {
    Optional<TrainingRun> run = Runs.find(state, runId);
    RunActivity activity = Runs.activity(state, runId);
    Policy policy = Policies.current(state);
    Timestamp started = run.map(TrainingRun::getDeclaredAt).orElse(activity.getFirstSnapshot());
    double h = Thresholds.inForce(policy, started);
    double declared = run.map(TrainingRun::getDeclaredFlop).orElse(0.0);
    Optional<RunApproval> approval = Approvals.find(state, runId);
    RunCompliance.Builder result =
        RunCompliance.newBuilder()
            .setRunId(runId)
            .setThresholdFlop(h)
            .setStartedAt(started)
            .setDeclaredFlop(declared)
            .setBusyFlop(activity.getBusyFlop())
            .setPeakFlopPerSecond(PeakRates.policyRate(policy));
    approval.ifPresent(result::setApproval);
    List<Flag> flags = new ArrayList<>();
    if (run.isEmpty()) {
      flags.add(flag(FlagReason.FLAG_REASON_UNDECLARED_RUN, serial, runId, "nobody declared it"));
    } else if (activity.getUndeclaredSnapshots() > 0) {
      flags.add(
          flag(
              FlagReason.FLAG_REASON_UNDECLARED_RUN,
              serial,
              runId,
              activity.getUndeclaredSnapshots()
                  + " snapshots committed before its declaration or before the chip's run start"));
    }
    if (activity.getForeignSnapshots() > 0) {
      flags.add(
          flag(
              FlagReason.FLAG_REASON_FOREIGN_RUN,
              serial,
              runId,
              activity.getForeignSnapshots()
                  + " snapshots from another operator's site or from chips the run did not plan"));
    }
    double compute = Math.max(declared, activity.getBusyFlop());
    if (h > 0 && compute > h) {
      String beyond = run.isEmpty() ? "undeclared" : beyondApproval(run.get(), activity, approval);
      if (!beyond.isEmpty()) {
        flags.add(
            flag(
                FlagReason.FLAG_REASON_RUN_OVER_THRESHOLD,
                serial,
                runId,
                String.format(
                    Locale.ROOT,
                    "declares %.3g FLOP, chips busy for %.3g FLOP at peak rate, above H = %.3g in"
                        + " force at its start; %s",
                    declared,
                    activity.getBusyFlop(),
                    h,
                    beyond)));
      }
    }
    return result.addAllFlags(flags).build();
  }

  /**
   * Why an approval does not cover the run, or empty when it does: approved before the run was
   * declared, to the run's owner, and the run within its FLOP, chips and deadline.
   */
  private static String beyondApproval(
      TrainingRun run, RunActivity activity, Optional<RunApproval> approval) {
    if (approval.isEmpty()) {
      return "no approval";
    }
    RunApproval a = approval.get();
    if (a.getState() != ApprovalState.APPROVAL_STATE_APPROVED) {
      return "its application is " + Approvals.stateName(a);
    }
    if (!a.getOperatorOrg().equals(run.getOwnerOrg())
        || Times.compare(a.getDecidedAt(), run.getDeclaredAt()) > 0) {
      return "the approval came after the declaration or names another operator";
    }
    double most = Math.max(run.getDeclaredFlop(), activity.getBusyFlop());
    if (most > a.getMaxFlop()) {
      return String.format(Locale.ROOT, "beyond the approval's %.3g FLOP", a.getMaxFlop());
    }
    if (Math.max(run.getChipSerialsCount(), activity.getChipCount()) > a.getMaxChips()) {
      return "beyond the approval's " + a.getMaxChips() + " chips";
    }
    if (activity.hasLastSnapshot()
        && Times.compare(activity.getLastSnapshot(), a.getDeadline()) > 0) {
      return "snapshots after the approval's deadline";
    }
    return "";
  }

  private static Flag flag(FlagReason reason, String serial, String runId, String detail) {
    return Flag.newBuilder()
        .setReason(reason)
        .setSerial(serial)
        .setRunId(runId)
        .setDetail("run " + runId + ": " + detail)
        .build();
  }
}
