package org.chipledger.chaincode.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.List;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignPeriodKind;
import org.chipledger.proto.ledger.v1.CampaignRef;
import org.chipledger.proto.ledger.v1.CampaignRules;
import org.chipledger.proto.ledger.v1.CampaignState;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;
import org.junit.jupiter.api.Test;

/**
 * The inspector as a cheater (issue 17 items 9 and 11): it wants to choose which of an owner's
 * chips are sampled, or to sample nothing when the draw is inconvenient. The test ledger's clock
 * starts at 2026-01-01T00:00Z.
 */
class CampaignCheatTest {
  private static final ByteString ESCROW_KEY = ByteString.copyFromUtf8("secretariat escrow key");

  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private final Caller inspectorate = World.caller("TreatyMSP", "inspectorate", "inspector", "NL");

  CampaignCheatTest() {
    world.register(inspectorate);
    setRules(CampaignRules.getDefaultInstance());
  }

  /** Two of dc-us's three chips can run H within T, so which chip is drawn matters. */
  private void setRules(CampaignRules rules) {
    CampaignFixture.setInspection(world, 0.5, 2 * CampaignFixture.A_TIMES_T, rules);
  }

  private static byte[] seed(String text) {
    return CampaignFixture.seed(text);
  }

  private static OpenCampaignRequest opening(String id, String period, byte[] seed) {
    return CampaignFixture.opening(id, "dc-us", period, seed);
  }

  private static RevealSeedRequest reveal(String id, byte[] seed) {
    return CampaignFixture.reveal(id, seed);
  }

  private Campaign acknowledge(String id) {
    return world.tx(
        world.dcUs,
        s -> Campaigns.acknowledge(s, CampaignRef.newBuilder().setCampaignId(id).build()));
  }

  /**
   * Attack (item 9): with free-text periods the inspector opened campaigns for one owner under many
   * "periods" in one month, computed each draw after the owner's acknowledgement, and revealed only
   * the one it liked. On the old code every open below was accepted (commit a143c1a); now only the
   * calendar period in force is, once per owner.
   */
  @Test
  void theInspectorCannotOpenManyCampaignsForOneOwnerAndPickTheDraw() {
    world.tx(inspectorate, s -> Campaigns.open(s, opening("C0", "2026-01", seed("roll 0"))));
    int i = 1;
    for (String period : List.of("2026-01-b", "2025-12", "2025-11", "2026-02", "2026")) {
      byte[] seed = seed("roll " + i);
      String id = "C" + i++;
      world.rejected(
          ErrorCode.INVALID_PERIOD,
          inspectorate,
          s -> Campaigns.open(s, opening(id, period, seed)));
    }
    world.rejected(
        ErrorCode.CAMPAIGN_EXISTS,
        inspectorate,
        s -> Campaigns.open(s, opening("C9", "2026-01", seed("roll 9"))));
    // A month later the next period opens, once.
    world.ledger.advanceDays(31);
    world.tx(inspectorate, s -> Campaigns.open(s, opening("C10", "2026-02", seed("roll 10"))));
    world.rejected(
        ErrorCode.INVALID_PERIOD,
        inspectorate,
        s -> Campaigns.open(s, opening("C11", "2026-01", seed("roll 11"))));
  }

  @Test
  void theCalendarPeriodIsThePolicysKind() {
    setRules(
        CampaignRules.newBuilder()
            .setPeriodKind(CampaignPeriodKind.CAMPAIGN_PERIOD_KIND_QUARTER)
            .build());
    world.rejected(
        ErrorCode.INVALID_PERIOD,
        inspectorate,
        s -> Campaigns.open(s, opening("C1", "2026-01", seed("q"))));
    Campaign opened =
        world.tx(inspectorate, s -> Campaigns.open(s, opening("C1", "2026-Q1", seed("q"))));
    assertThat(opened.getPeriod()).isEqualTo("2026-Q1");
    world.policyRejected(
        ErrorCode.INVALID_POLICY,
        policy -> policy.setCampaignRules(CampaignRules.newBuilder().setRevealDays(400)));
  }

  /**
   * Attack (item 11): the inspector computes the draw after the acknowledgement and, disliking it,
   * never reveals. On the old code nothing showed it and nobody else could reveal (the secretariat
   * got UNAUTHORIZED_ROLE). Now the deadline is on the ledger, the view flags the withheld reveal,
   * and the secretariat reveals the escrowed seed.
   */
  @Test
  void aWithheldRevealIsFlaggedAndTheSecretariatRevealsFromTheEscrow() {
    setRules(
        CampaignRules.newBuilder()
            .setRevealDays(5)
            .setSecretariatMayReveal(true)
            .setEscrowPublicKey(ESCROW_KEY)
            .build());
    byte[] seed = seed("withheld");
    world.rejected(
        ErrorCode.ESCROW_REQUIRED,
        inspectorate,
        s -> Campaigns.open(s, opening("C1", "2026-01", seed)));
    world.tx(
        inspectorate,
        s ->
            Campaigns.open(
                s,
                opening("C1", "2026-01", seed).toBuilder()
                    .setSeedEscrow(ByteString.copyFromUtf8("ciphertext"))
                    .build()));
    Campaign acked = acknowledge("C1");
    assertThat(acked.getRevealDeadline())
        .isEqualTo(Times.plusSeconds(acked.getAcknowledgedAt(), 5 * 86_400L));
    assertThat(world.tx(world.dcUs, s -> Campaigns.view(s, "C1")).getRevealWithheld()).isFalse();
    // Before the deadline only the inspector reveals.
    world.rejected(
        ErrorCode.REVEAL_NOT_DUE, world.admin, s -> Campaigns.reveal(s, reveal("C1", seed)));
    world.ledger.advanceDays(6);
    assertThat(world.tx(world.customsNl, s -> Campaigns.view(s, "C1")).getRevealWithheld())
        .isTrue();
    world.rejected(
        ErrorCode.SEED_MISMATCH,
        world.admin,
        s -> Campaigns.reveal(s, reveal("C1", seed("not the escrowed one"))));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> Campaigns.reveal(s, reveal("C1", seed)));
    Campaign drawn = world.tx(world.admin, s -> Campaigns.reveal(s, reveal("C1", seed)));
    assertThat(drawn.getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_DRAWN);
    assertThat(drawn.getRevealedByOrg()).isEqualTo("treaty");
    assertThat(drawn.getSampledSerialsList())
        .isEqualTo(
            SampleDraw.draw(
                seed,
                acked.getAckTxId(),
                List.of("SN-A", "SN-B", "SN-IDLE"),
                acked.getSampleSize()));
    assertThat(world.tx(world.dcUs, s -> Campaigns.view(s, "C1")).getRevealWithheld()).isFalse();
  }

  @Test
  void withoutLeaveThePolicyKeepsTheSecretariatOutButStillFlagsTheWithheldReveal() {
    byte[] seed = seed("no escrow");
    world.tx(inspectorate, s -> Campaigns.open(s, opening("C1", "2026-01", seed)));
    Campaign acked = acknowledge("C1");
    // The default deadline: seven days.
    assertThat(acked.getRevealDeadline())
        .isEqualTo(Times.plusSeconds(acked.getAcknowledgedAt(), 7 * 86_400L));
    world.ledger.advanceDays(8);
    assertThat(world.tx(world.dcUs, s -> Campaigns.view(s, "C1")).getRevealWithheld()).isTrue();
    world.rejected(
        ErrorCode.REVEAL_NOT_DUE, world.admin, s -> Campaigns.reveal(s, reveal("C1", seed)));
    // The inspector may still reveal late; the ledger keeps when.
    Campaign late = world.tx(inspectorate, s -> Campaigns.reveal(s, reveal("C1", seed)));
    assertThat(Times.compare(late.getDrawnAt(), late.getRevealDeadline())).isPositive();
    assertThat(late.getRevealedByOrg()).isEqualTo("inspectorate");
  }
}
