package org.chipledger.chaincode.policy;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.proto.ledger.v1.CampaignPeriodKind;
import org.chipledger.proto.ledger.v1.CampaignRules;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.VerifierRules;

/**
 * The policy's rules on inspectors and the Verifier, with their safe defaults: monthly campaign
 * periods, seven days to reveal, two replayed segments of which one random, and no verdict at all
 * until the policy names the Verifier.
 */
public final class OversightRules {
  /**
   * Days an inspector has to reveal after the owner's acknowledgement, when the policy is silent.
   */
  public static final int DEFAULT_REVEAL_DAYS = 7;

  /**
   * Segments an honest verdict must have replayed (top-Q plus random), when the policy is silent.
   */
  public static final int DEFAULT_MIN_REPLAYED = 2;

  /** Random segments an honest verdict must have replayed, when the policy is silent. */
  public static final int DEFAULT_MIN_RANDOM = 1;

  /** Bounds that keep a policy's numbers meaningful. */
  static final int MAX_REVEAL_DAYS = 366;

  static final int MAX_SEGMENTS = 10_000;

  private OversightRules() {}

  /** The calendar period kind campaigns are opened for. */
  public static CampaignPeriodKind periodKind(Policy policy) {
    CampaignPeriodKind kind = policy.getCampaignRules().getPeriodKind();
    return kind == CampaignPeriodKind.CAMPAIGN_PERIOD_KIND_UNSPECIFIED
        ? CampaignPeriodKind.CAMPAIGN_PERIOD_KIND_MONTH
        : kind;
  }

  /** The id of the calendar period (UTC) that contains {@code time}: 2026-12, 2026-Q4 or 2026. */
  public static String periodAt(Policy policy, Timestamp time) {
    LocalDate day = Instant.ofEpochSecond(time.getSeconds()).atOffset(ZoneOffset.UTC).toLocalDate();
    return switch (periodKind(policy)) {
      case CAMPAIGN_PERIOD_KIND_QUARTER ->
          String.format(Locale.ROOT, "%04d-Q%d", day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
      case CAMPAIGN_PERIOD_KIND_YEAR -> String.format(Locale.ROOT, "%04d", day.getYear());
      default -> String.format(Locale.ROOT, "%04d-%02d", day.getYear(), day.getMonthValue());
    };
  }

  /** Seconds between the owner's acknowledgement and the reveal deadline. */
  public static long revealSeconds(Policy policy) {
    int days = policy.getCampaignRules().getRevealDays();
    return (days == 0 ? DEFAULT_REVEAL_DAYS : days) * 86_400L;
  }

  /** The organisation whose verdicts and commitments the ledger accepts; empty if none named. */
  public static String verifierOrg(Policy policy) {
    return policy.getVerifierRules().getVerifierOrg();
  }

  /** Segments (top-Q plus random) an honest verdict must have replayed. */
  public static int minReplayed(Policy policy) {
    int min = policy.getVerifierRules().getMinReplayedSegments();
    return Math.max(min == 0 ? DEFAULT_MIN_REPLAYED : min, minRandom(policy));
  }

  /**
   * Random segments an honest verdict must have replayed: the policy's count, raised to what its
   * detection target needs. If a fraction phi of segments is spoofed, r random segments all miss
   * with probability (1-phi)^r, so r >= ln(1-d)/ln(1-phi) catches one with probability d.
   */
  public static int minRandom(Policy policy) {
    VerifierRules rules = policy.getVerifierRules();
    int min = rules.getMinRandomSegments() == 0 ? DEFAULT_MIN_RANDOM : rules.getMinRandomSegments();
    if (rules.getDetectionTarget() > 0) {
      double phi = rules.getSpoofedFraction();
      // StrictMath: every peer must compute the same integer (issue 17 item 13).
      double needed =
          phi >= 1
              ? 1
              : StrictMath.ceil(
                  StrictMath.log1p(-rules.getDetectionTarget()) / StrictMath.log1p(-phi));
      min = Math.max(min, (int) Math.min(MAX_SEGMENTS, needed));
    }
    return min;
  }

  /** Rejects rules whose numbers mean nothing; called on every policy change. */
  static void validate(Policy.Builder policy) {
    CampaignRules campaign = policy.getCampaignRules();
    Checks.require(
        campaign.getPeriodKind() != CampaignPeriodKind.UNRECOGNIZED
            && campaign.getRevealDays() <= MAX_REVEAL_DAYS,
        ErrorCode.INVALID_POLICY,
        "campaign rules: a known period kind and at most " + MAX_REVEAL_DAYS + " reveal days");
    Checks.require(
        campaign.getEscrowPublicKey().size() <= 512
            && (!campaign.getSecretariatMayReveal() || !campaign.getEscrowPublicKey().isEmpty()),
        ErrorCode.INVALID_POLICY,
        "the secretariat may reveal only with an escrow public key (DER, at most 512 bytes)");
    VerifierRules verifier = policy.getVerifierRules();
    if (!verifier.getVerifierOrg().isEmpty()) {
      Checks.id("verifier organisation", verifier.getVerifierOrg());
    }
    Checks.require(
        verifier.getMinReplayedSegments() <= MAX_SEGMENTS
            && verifier.getMinRandomSegments() <= MAX_SEGMENTS,
        ErrorCode.INVALID_POLICY,
        "minimum segments must be at most " + MAX_SEGMENTS);
    boolean target = verifier.getDetectionTarget() != 0;
    Checks.require(
        !target
            || (verifier.getDetectionTarget() > 0
                && verifier.getDetectionTarget() < 1
                && verifier.getSpoofedFraction() > 0
                && verifier.getSpoofedFraction() <= 1),
        ErrorCode.INVALID_POLICY,
        "a detection target lies in (0, 1) and needs a spoofed fraction in (0, 1]");
  }
}
