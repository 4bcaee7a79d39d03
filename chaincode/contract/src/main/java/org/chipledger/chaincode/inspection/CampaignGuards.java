package org.chipledger.chaincode.inspection;

import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.OversightRules;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignState;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.Role;

/**
 * What keeps an inspector from steering a campaign (issue 17 items 9 and 11): one calendar period
 * at a time, a reveal deadline, and an escrowed seed the secretariat can reveal once the deadline
 * has passed.
 */
final class CampaignGuards {
  /** Bounds the escrow: an ECIES ciphertext of a 32-byte seed is about 130 bytes. */
  static final int MAX_ESCROW_BYTES = 1024;

  private CampaignGuards() {}

  /**
   * The period must be the calendar period in force: with free-text or past periods an inspector
   * could open several campaigns for one owner and reveal only the draw it likes.
   */
  static void requireCurrentPeriod(LedgerState state, Policy policy, String period) {
    String current = OversightRules.periodAt(policy, state.txTime());
    Checks.require(
        current.equals(period),
        ErrorCode.INVALID_PERIOD,
        "campaigns are opened for the calendar period in force, " + current + ", not " + period);
  }

  /** A policy with an escrow key wants every campaign's seed escrowed to the secretariat. */
  static void requireEscrow(Policy policy, OpenCampaignRequest request) {
    Checks.require(
        request.getSeedEscrow().size() <= MAX_ESCROW_BYTES,
        ErrorCode.MALFORMED_ARGUMENT,
        "the seed escrow is longer than " + MAX_ESCROW_BYTES + " bytes");
    Checks.require(
        policy.getCampaignRules().getEscrowPublicKey().isEmpty()
            || !request.getSeedEscrow().isEmpty(),
        ErrorCode.ESCROW_REQUIRED,
        "the policy asks for the seed encrypted to the secretariat's escrow key");
  }

  /** Acknowledged, not revealed, and past its deadline at the transaction's time. */
  static boolean withheld(LedgerState state, Campaign campaign) {
    return campaign.getState() == CampaignState.CAMPAIGN_STATE_ACKNOWLEDGED
        && campaign.hasRevealDeadline()
        && Times.compare(state.txTime(), campaign.getRevealDeadline()) > 0;
  }

  /**
   * Who may reveal: the campaign's inspector at any time, or the consortium's secretariat from the
   * escrow once the inspector has withheld the reveal past its deadline, if the policy allows it.
   */
  static Organization requireRevealer(LedgerState state, Campaign campaign) {
    Organization caller = Membership.require(state, Role.ROLE_INSPECTOR, Role.ROLE_ADMIN);
    if (caller.getOrgId().equals(campaign.getInspectorOrg())) {
      return caller;
    }
    Policy policy = Policies.current(state);
    Checks.require(
        caller.getOrgId().equals(policy.getConsortiumOrgId())
            && caller.getRolesList().contains(Role.ROLE_ADMIN),
        ErrorCode.NOT_CAMPAIGN_PARTY,
        "campaign "
            + campaign.getCampaignId()
            + " belongs to inspector "
            + campaign.getInspectorOrg());
    Checks.require(
        policy.getCampaignRules().getSecretariatMayReveal() && !campaign.getSeedEscrow().isEmpty(),
        ErrorCode.REVEAL_NOT_DUE,
        "the policy does not let the secretariat reveal, or campaign "
            + campaign.getCampaignId()
            + " has no escrowed seed");
    Checks.require(
        withheld(state, campaign),
        ErrorCode.REVEAL_NOT_DUE,
        "the inspector may reveal campaign "
            + campaign.getCampaignId()
            + " until its deadline; the secretariat reveals only after it");
    return caller;
  }
}
