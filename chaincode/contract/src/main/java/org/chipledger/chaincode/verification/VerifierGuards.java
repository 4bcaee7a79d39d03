package org.chipledger.chaincode.verification;

import java.util.Locale;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.OversightRules;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.SelectionCommitment;

/**
 * The Verifier's minimums from the policy (issue 17 item 12): only the named Verifier commits and
 * records, its verdict opens its own commitment, and an honest verdict replayed enough segments.
 */
final class VerifierGuards {
  private VerifierGuards() {}

  /**
   * The caller is the policy's Verifier. Any other inspector org could otherwise commit first and
   * block the real Verifier, or record a verdict of its own.
   */
  static Organization requireVerifier(LedgerState state) {
    Organization caller = Membership.require(state, Role.ROLE_INSPECTOR);
    String named = OversightRules.verifierOrg(Policies.current(state));
    Checks.require(
        !named.isEmpty(),
        ErrorCode.POLICY_NOT_SET,
        "the policy names no Verifier organisation; no verdict can be recorded");
    Checks.require(
        named.equals(caller.getOrgId()),
        ErrorCode.NOT_THE_VERIFIER,
        "only the policy's Verifier " + named + " commits selections and records verdicts");
    return caller;
  }

  /** The verdict opens a commitment its own organisation made. */
  static void requireOwnCommitment(SelectionCommitment selection, Organization verifier) {
    Checks.require(
        selection.getCommittedByOrg().equals(verifier.getOrgId()),
        ErrorCode.NOT_THE_VERIFIER,
        String.format(
            Locale.ROOT,
            "run %s's selection was committed by %s, not by the Verifier %s",
            selection.getRunId(),
            selection.getCommittedByOrg(),
            verifier.getOrgId()));
  }

  /**
   * An honest verdict replayed at least the policy's segments. A dishonest one need not: a check
   * before any replay (an uncommitted transcript, say) already fails the run.
   */
  static void requireMinimumReplay(LedgerState state, RecordVerdictRequest request) {
    if (!request.getHonest()) {
      return;
    }
    Policy policy = Policies.current(state);
    long replayed = (long) request.getTopQ() + request.getRandomSegments();
    int minimum = OversightRules.minReplayed(policy);
    int random = OversightRules.minRandom(policy);
    Checks.require(
        replayed >= minimum && request.getRandomSegments() >= random,
        ErrorCode.REPLAY_BELOW_MINIMUM,
        String.format(
            Locale.ROOT,
            "an honest verdict must replay at least %d segments, %d of them random; this one"
                + " replayed %d top-Q and %d random",
            minimum,
            random,
            request.getTopQ(),
            request.getRandomSegments()));
  }
}
