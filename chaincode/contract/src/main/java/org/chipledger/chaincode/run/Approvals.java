package org.chipledger.chaincode.run;

import java.util.Optional;
import org.chipledger.chaincode.deployment.Deployments;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.ApplyRunApprovalRequest;
import org.chipledger.proto.ledger.v1.ApprovalState;
import org.chipledger.proto.ledger.v1.DecideRunApprovalRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.RunApproval;
import org.chipledger.proto.ledger.v1.Site;
import org.chipledger.proto.ledger.v1.TrainingRun;

/**
 * Approvals of runs above H (Shavit §2.1, "approval-requirements"): an operator applies for a run
 * id before declaring it, and the treaty secretariat (the consortium organisation) approves it with
 * conditions (maximum FLOP, chips, deadline) or refuses it. A run above H counts as approved only
 * if the approval came first and the run keeps its conditions.
 */
public final class Approvals {
  private static final String APPROVAL = "runapproval";
  private static final int MAX_TEXT = 1000;

  private Approvals() {}

  /** An operator's application for run {@code run_id} at one of its sites. */
  public static RunApproval apply(LedgerState state, ApplyRunApprovalRequest request) {
    Organization operator = Membership.require(state, Role.ROLE_DATACENTER);
    String runId = Checks.id("run id", request.getRunId());
    Site site = Deployments.site(state, request.getSiteId());
    Checks.require(
        site.getOperatorOrg().equals(operator.getOrgId()),
        ErrorCode.NOT_SITE_OPERATOR,
        "site " + site.getSiteId() + " is operated by " + site.getOperatorOrg());
    Checks.require(
        Double.isFinite(request.getRequestedFlop())
            && request.getRequestedFlop() > 0
            && request.getRequestedChips() > 0,
        ErrorCode.MALFORMED_ARGUMENT,
        "an application names a positive FLOP and chip count");
    Checks.require(
        request.getPurpose().length() <= MAX_TEXT,
        ErrorCode.MALFORMED_ARGUMENT,
        "the purpose is longer than " + MAX_TEXT + " characters");
    Checks.require(
        find(state, runId).isEmpty(),
        ErrorCode.APPROVAL_EXISTS,
        "run " + runId + " already has an application");
    Optional<TrainingRun> run = Runs.find(state, runId);
    Checks.require(
        run.isEmpty() || run.get().getOwnerOrg().equals(operator.getOrgId()),
        ErrorCode.RUN_ID_TAKEN,
        "run " + runId + " is declared by " + run.map(TrainingRun::getOwnerOrg).orElse(""));
    RunApproval approval =
        RunApproval.newBuilder()
            .setRunId(runId)
            .setOperatorOrg(operator.getOrgId())
            .setSiteId(site.getSiteId())
            .setRequestedFlop(request.getRequestedFlop())
            .setRequestedChips(request.getRequestedChips())
            .setPurpose(request.getPurpose())
            .setState(ApprovalState.APPROVAL_STATE_PENDING)
            .setAppliedAt(state.txTime())
            .setApplyTxId(state.txId())
            .build();
    return put(state, approval);
  }

  /** The secretariat's decision: approval with conditions, or refusal. */
  public static RunApproval decide(LedgerState state, DecideRunApprovalRequest request) {
    Organization secretariat = Policies.requireConsortiumAdmin(state);
    RunApproval pending = get(state, request.getRunId());
    Checks.require(
        pending.getState() == ApprovalState.APPROVAL_STATE_PENDING,
        ErrorCode.APPROVAL_DECIDED,
        "run " + pending.getRunId() + "'s application is already " + stateName(pending));
    Checks.require(
        request.getConditions().length() <= MAX_TEXT,
        ErrorCode.MALFORMED_ARGUMENT,
        "the conditions are longer than " + MAX_TEXT + " characters");
    RunApproval.Builder decided =
        pending.toBuilder()
            .setDecidedAt(state.txTime())
            .setDecidedBy(secretariat.getOrgId())
            .setDecideTxId(state.txId())
            .setConditions(request.getConditions());
    if (request.getApprove()) {
      Checks.require(
          Double.isFinite(request.getMaxFlop())
              && request.getMaxFlop() > 0
              && request.getMaxChips() > 0
              && request.hasDeadline()
              && Times.compare(request.getDeadline(), state.txTime()) > 0,
          ErrorCode.MALFORMED_ARGUMENT,
          "an approval sets a positive maximum FLOP and chip count and a deadline in the future");
      decided
          .setState(ApprovalState.APPROVAL_STATE_APPROVED)
          .setMaxFlop(request.getMaxFlop())
          .setMaxChips(request.getMaxChips())
          .setDeadline(request.getDeadline());
    } else {
      decided.setState(ApprovalState.APPROVAL_STATE_REFUSED);
    }
    return put(state, decided.build());
  }

  /** The application for {@code runId}; none is APPROVAL_NOT_FOUND. */
  public static RunApproval get(LedgerState state, String runId) {
    return find(state, Checks.id("run id", runId))
        .orElseThrow(
            () ->
                new RuleViolation(ErrorCode.APPROVAL_NOT_FOUND, "no application for run " + runId));
  }

  /** The application for {@code runId} as a query any member may make. */
  public static RunApproval view(LedgerState state, String runId) {
    Membership.requireMember(state);
    return get(state, runId);
  }

  public static Optional<RunApproval> find(LedgerState state, String runId) {
    return Records.load(state, CompositeKeys.of(APPROVAL, runId), RunApproval.parser());
  }

  private static RunApproval put(LedgerState state, RunApproval approval) {
    state.put(CompositeKeys.of(APPROVAL, approval.getRunId()), approval.toByteArray());
    Events.emit(state, LedgerEvent.newBuilder().setRunApprovalChanged(approval));
    return approval;
  }

  static String stateName(RunApproval approval) {
    return approval
        .getState()
        .name()
        .replace("APPROVAL_STATE_", "")
        .toLowerCase(java.util.Locale.ROOT);
  }
}
