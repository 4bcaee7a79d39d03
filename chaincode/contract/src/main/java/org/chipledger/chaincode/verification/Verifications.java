package org.chipledger.chaincode.verification;

import java.util.Arrays;
import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.run.Runs;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.CommitSelectionRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.RunVerdict;
import org.chipledger.proto.ledger.v1.SelectionCommitment;
import org.chipledger.proto.ledger.v1.VerdictRecorded;
import org.chipledger.proto.ledger.v1.VerificationRequest;
import org.chipledger.proto.ledger.v1.VerificationRequested;

/**
 * Proof-of-Learning verification of training runs: the inspectorate (or the secretariat) asks for a
 * run to be verified, and the Verifier's trusted cluster, signing as the inspectorate, records one
 * verdict per run with the hash of its full report.
 */
public final class Verifications {
  private static final String REQUEST = "verreq";
  private static final String VERDICT = "verdict";
  private static final String SELECTION = "selcommit";

  /** Bounds on free text: every backend keeps transactions small. */
  static final int MAX_REASON_CHARS = 1000;

  static final int MAX_SUMMARY_CHARS = 2000;
  static final int MAX_FAILED_CHECKS = 32;

  private Verifications() {}

  /**
   * Opens a verification request for a run the ledger knows (declared, or seen in snapshots). A run
   * is verified once: a run with a verdict or an open request is refused.
   */
  public static VerificationRequest request(LedgerState state, RequestVerificationRequest request) {
    Organization requester = Membership.require(state, Role.ROLE_INSPECTOR, Role.ROLE_ADMIN);
    String runId = Checks.id("run id", request.getRunId());
    Checks.require(
        !request.getReason().isBlank() && request.getReason().length() <= MAX_REASON_CHARS,
        ErrorCode.MALFORMED_ARGUMENT,
        "a reason of 1-" + MAX_REASON_CHARS + " characters is required");
    requireUndecided(state, runId);
    Checks.require(
        findRequest(state, runId).isEmpty(),
        ErrorCode.VERIFICATION_PENDING,
        "run " + runId + " already has an open verification request");
    VerificationRequest open =
        VerificationRequest.newBuilder()
            .setRunId(runId)
            .setReason(request.getReason())
            .setRequestedByOrg(requester.getOrgId())
            .setRequestedAt(state.txTime())
            .build();
    state.put(requestKey(runId), open.toByteArray());
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setVerificationRequested(
                VerificationRequested.newBuilder().setRunId(runId).setReason(open.getReason())));
    return open;
  }

  /**
   * Records the Verifier's commitment to its segment-selection secret for a run the ledger knows
   * and has not decided. One commitment per run: a second one could be chosen after seeing the
   * first's selection.
   */
  public static SelectionCommitment commitSelection(
      LedgerState state, CommitSelectionRequest request) {
    Organization verifier = VerifierGuards.requireVerifier(state);
    String runId = Checks.id("run id", request.getRunId());
    Checks.require(
        request.getCommitment().size() == 32,
        ErrorCode.MALFORMED_ARGUMENT,
        "the selection commitment must be a SHA-256 value (32 bytes)");
    requireUndecided(state, runId);
    Checks.require(
        findSelection(state, runId).isEmpty(),
        ErrorCode.SELECTION_ALREADY_COMMITTED,
        "run " + runId + " already has a selection commitment");
    SelectionCommitment commitment =
        SelectionCommitment.newBuilder()
            .setRunId(runId)
            .setCommitment(request.getCommitment())
            .setCommittedByOrg(verifier.getOrgId())
            .setCommittedAt(state.txTime())
            .setTxId(state.txId())
            .build();
    state.put(selectionKey(runId), commitment.toByteArray());
    return commitment;
  }

  /** The run's selection commitment; SELECTION_NOT_COMMITTED if none was made. */
  public static SelectionCommitment selection(LedgerState state, String runId) {
    Membership.requireMember(state);
    return findSelection(state, Checks.id("run id", runId))
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.SELECTION_NOT_COMMITTED,
                    "run " + runId + " has no selection commitment"));
  }

  /**
   * Records the Verifier's verdict on a run with an open request or a declaration. Only the
   * inspectorate records: the Verifier's trusted cluster signs with its identity.
   */
  public static RunVerdict record(LedgerState state, RecordVerdictRequest request) {
    Organization verifier = VerifierGuards.requireVerifier(state);
    String runId = Checks.id("run id", request.getRunId());
    checkShape(request);
    Checks.require(
        findVerdict(state, runId).isEmpty(),
        ErrorCode.VERDICT_EXISTS,
        "run " + runId + " already has a verdict");
    Checks.require(
        findRequest(state, runId).isPresent() || Runs.find(state, runId).isPresent(),
        ErrorCode.VERIFICATION_NOT_FOUND,
        "run " + runId + " has no open verification request and is not declared");
    // Without a commitment made before the verdict, the Verifier could pick its segments after
    // seeing the transcript.
    SelectionCommitment selection =
        findSelection(state, runId)
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ErrorCode.SELECTION_NOT_COMMITTED,
                        "run "
                            + runId
                            + " has no selection commitment; commit before the verdict"));
    VerifierGuards.requireOwnCommitment(selection, verifier);
    Checks.require(
        Arrays.equals(
            Sha256.of(request.getSelectionSecret().toByteArray()),
            selection.getCommitment().toByteArray()),
        ErrorCode.SELECTION_REVEAL_MISMATCH,
        "the revealed selection secret does not hash to run " + runId + "'s commitment");
    VerifierGuards.requireMinimumReplay(state, request);
    RunVerdict verdict =
        RunVerdict.newBuilder()
            .setRunId(runId)
            .setHonest(request.getHonest())
            .addAllFailedChecks(request.getFailedChecksList())
            .setEvidenceHash(request.getEvidenceHash())
            .setSummary(request.getSummary())
            .setEpsilon(request.getEpsilon())
            .setVerifierOrg(verifier.getOrgId())
            .setRecordedAt(state.txTime())
            .setTxId(state.txId())
            .setSelectionSecret(request.getSelectionSecret())
            .setTopQ(request.getTopQ())
            .setRandomSegments(request.getRandomSegments())
            .setFinalCheckpointHash(request.getFinalCheckpointHash())
            .build();
    state.put(verdictKey(runId), verdict.toByteArray());
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setVerdictRecorded(
                VerdictRecorded.newBuilder()
                    .setRunId(runId)
                    .setHonest(verdict.getHonest())
                    .addAllFailedChecks(verdict.getFailedChecksList())
                    .setEvidenceHash(verdict.getEvidenceHash())));
    return verdict;
  }

  /** The verdict request's own fields: sizes, bounds, and a verdict that agrees with its checks. */
  private static void checkShape(RecordVerdictRequest request) {
    Checks.require(
        request.getEvidenceHash().size() == 32,
        ErrorCode.MALFORMED_ARGUMENT,
        "the evidence hash must be a SHA-256 value (32 bytes)");
    Checks.require(
        Double.isFinite(request.getEpsilon()) && request.getEpsilon() >= 0,
        ErrorCode.MALFORMED_ARGUMENT,
        "epsilon must be a finite non-negative number");
    Checks.require(
        request.getSummary().length() <= MAX_SUMMARY_CHARS,
        ErrorCode.MALFORMED_ARGUMENT,
        "the summary is longer than " + MAX_SUMMARY_CHARS + " characters");
    Checks.require(
        request.getFailedChecksCount() <= MAX_FAILED_CHECKS,
        ErrorCode.MALFORMED_ARGUMENT,
        "more than " + MAX_FAILED_CHECKS + " failed checks");
    request.getFailedChecksList().forEach(name -> Checks.id("check name", name));
    // A verdict and its failed checks must tell the same story.
    Checks.require(
        request.getHonest() == (request.getFailedChecksCount() == 0),
        ErrorCode.MALFORMED_ARGUMENT,
        request.getHonest()
            ? "an honest verdict lists no failed checks"
            : "a dishonest verdict names the checks that failed");
    Checks.require(
        request.getFinalCheckpointHash().isEmpty() || request.getFinalCheckpointHash().size() == 32,
        ErrorCode.MALFORMED_ARGUMENT,
        "the final checkpoint hash must be empty or a SHA-256 value (32 bytes)");
  }

  /** The run's verdict; VERDICT_NOT_FOUND before one is recorded. */
  public static RunVerdict verdict(LedgerState state, String runId) {
    Membership.requireMember(state);
    return findVerdict(state, Checks.id("run id", runId))
        .orElseThrow(
            () ->
                new RuleViolation(ErrorCode.VERDICT_NOT_FOUND, "run " + runId + " has no verdict"));
  }

  /** The run's verification request, open or answered; VERIFICATION_NOT_FOUND if never made. */
  public static VerificationRequest verificationRequest(LedgerState state, String runId) {
    Membership.requireMember(state);
    return findRequest(state, Checks.id("run id", runId))
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.VERIFICATION_NOT_FOUND,
                    "no verification was requested for run " + runId));
  }

  /** The run's verdict, if one is recorded; no access check (callers have made theirs). */
  public static Optional<RunVerdict> findVerdict(LedgerState state, String runId) {
    return Records.load(state, verdictKey(runId), RunVerdict.parser());
  }

  /** The run's verification request, if one was made; no access check. */
  public static Optional<VerificationRequest> findRequest(LedgerState state, String runId) {
    return Records.load(state, requestKey(runId), VerificationRequest.parser());
  }

  private static Optional<SelectionCommitment> findSelection(LedgerState state, String runId) {
    return Records.load(state, selectionKey(runId), SelectionCommitment.parser());
  }

  private static String selectionKey(String runId) {
    return CompositeKeys.of(SELECTION, runId);
  }

  private static String requestKey(String runId) {
    return CompositeKeys.of(REQUEST, runId);
  }

  private static String verdictKey(String runId) {
    return CompositeKeys.of(VERDICT, runId);
  }

  /** The run is known to the ledger (declared or seen in snapshots) and has no verdict yet. */
  private static void requireUndecided(LedgerState state, String runId) {
    // Same notion of a known run as every other query: declared or seen in snapshots.
    Runs.view(state, runId);
    Checks.require(
        findVerdict(state, runId).isEmpty(),
        ErrorCode.VERDICT_EXISTS,
        "run " + runId + " already has a verdict");
  }
}
