package org.chipledger.chaincode.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignPlan;
import org.chipledger.proto.ledger.v1.CampaignRef;
import org.chipledger.proto.ledger.v1.CampaignRules;
import org.chipledger.proto.ledger.v1.CampaignScope;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.junit.jupiter.api.Test;

/**
 * Colluding owners (issue 17 item 10, §3.2): dc-us holds three monitored chips and fab-us two, a
 * run of H needs four, so neither owner alone can run H and Eq. (1) samples neither. Together they
 * can. A pooled campaign treats them as one owner.
 */
class PooledCampaignTest {
  private static final List<String> POOL =
      List.of("POOL-0000", "POOL-0001", "SN-A", "SN-B", "SN-IDLE");

  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private final Caller inspectorate = World.caller("TreatyMSP", "inspectorate", "inspector", "NL");

  PooledCampaignTest() {
    world.register(inspectorate);
    world.registerLot(world.fabUs, "POOL", 2, 5000); // controlled, held (active) by fab-us
    CampaignFixture.setInspection(
        world, 0.9, 4 * CampaignFixture.A_TIMES_T, CampaignRules.getDefaultInstance());
  }

  private static byte[] seed(String text) {
    return CampaignFixture.seed(text);
  }

  private static OpenCampaignRequest opening(String id, String owner, byte[] seed) {
    return CampaignFixture.opening(id, owner, "2026-01", seed);
  }

  /**
   * Attack: each colluding owner stays below the chips a run of H needs, so per-owner campaigns
   * sample nothing. This passes on the old code and still holds per owner; the pooled campaigns
   * below close the gap.
   */
  @Test
  void colludingOwnersEachEscapeAPerOwnerCampaign() {
    for (String owner : List.of("dc-us", "fab-us")) {
      world.rejected(
          ErrorCode.NOTHING_TO_SAMPLE,
          inspectorate,
          s -> Campaigns.open(s, opening("C-" + owner, owner, seed(owner))));
    }
  }

  @Test
  void aTreatyWidePoolSamplesEveryOwnersChipsWithEq1() {
    CampaignPlan plan = world.tx(world.dcUs, s -> Campaigns.plan(s, "pool:treaty"));
    assertThat(plan.getChips()).isEqualTo(5);
    assertThat(plan.getFeasible()).isTrue();
    SamplePlan expected = SampleSize.plan(plan.getParameters(), 5);
    assertThat(plan.getPerPeriod()).isEqualTo(expected.perPeriod()).isPositive();

    byte[] seed = seed("pool");
    Campaign opened =
        world.tx(
            inspectorate,
            s ->
                Campaigns.open(
                    s,
                    opening("P1", "", seed).toBuilder()
                        .setScope(CampaignScope.CAMPAIGN_SCOPE_TREATY)
                        .build()));
    assertThat(opened.getOwnerOrg()).isEqualTo("pool:treaty");
    assertThat(opened.getPlannedPopulation()).isEqualTo(5);
    // One pool campaign per period, as for an owner.
    world.rejected(
        ErrorCode.CAMPAIGN_EXISTS,
        inspectorate,
        s ->
            Campaigns.open(
                s,
                opening("P2", "", seed("again")).toBuilder()
                    .setScope(CampaignScope.CAMPAIGN_SCOPE_TREATY)
                    .build()));
    // No owner of the pool fixes the draw's transaction id: the secretariat does.
    CampaignRef ref = CampaignRef.newBuilder().setCampaignId("P1").build();
    world.rejected(ErrorCode.NOT_CAMPAIGN_PARTY, world.dcUs, s -> Campaigns.acknowledge(s, ref));
    Campaign acked = world.tx(world.admin, s -> Campaigns.acknowledge(s, ref));
    Campaign drawn =
        world.tx(inspectorate, s -> Campaigns.reveal(s, CampaignFixture.reveal("P1", seed)));
    assertThat(drawn.getSampledSerialsList())
        .isEqualTo(SampleDraw.draw(seed, acked.getAckTxId(), POOL, acked.getSampleSize()));
    assertThat(world.tx(world.dcUs, s -> Campaigns.list(s, "pool:treaty")).getCampaignsList())
        .containsExactly(drawn);
  }

  @Test
  void aCountryPoolHoldsThatCountrysChips() {
    assertThat(world.tx(world.dcUs, s -> Campaigns.plan(s, "pool:US")).getChips()).isEqualTo(5);
    assertThat(world.tx(world.dcUs, s -> Campaigns.plan(s, "pool:NL")).getChips()).isZero();
    Campaign opened =
        world.tx(
            inspectorate,
            s ->
                Campaigns.open(
                    s,
                    opening("P-US", "", seed("us")).toBuilder()
                        .setScope(CampaignScope.CAMPAIGN_SCOPE_COUNTRY)
                        .setPoolCountry("US")
                        .build()));
    assertThat(opened.getOwnerOrg()).isEqualTo("pool:US");
    assertThat(opened.getScope()).isEqualTo(CampaignScope.CAMPAIGN_SCOPE_COUNTRY);
    // A pool names a country by its ISO code.
    OpenCampaignRequest badCountry =
        opening("P-X", "", seed("x")).toBuilder()
            .setScope(CampaignScope.CAMPAIGN_SCOPE_COUNTRY)
            .setPoolCountry("usa")
            .build();
    world.rejected(ErrorCode.MALFORMED_ARGUMENT, inspectorate, s -> Campaigns.open(s, badCountry));
  }
}
