package org.chipledger.chaincode.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignRef;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;
import org.junit.jupiter.api.Test;

/**
 * The inspector as a cheater (issue 17 items 9-11): it wants to choose which of an owner's chips
 * are sampled, or to sample nothing when the draw is inconvenient.
 */
class CampaignCheatTest {
  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private final Caller inspectorate = World.caller("TreatyMSP", "inspectorate", "inspector", "NL");

  CampaignCheatTest() {
    world.register(inspectorate);
    // Two of dc-us's three chips can run H within T: Eq. (1) samples fewer than all of them, so
    // which chip is drawn matters.
    world.tx(
        world.admin,
        s ->
            Policies.set(
                s,
                Policies.current(s).toBuilder()
                    .setInspection(
                        InspectionParameters.newBuilder()
                            .setDetectionProbability(0.5)
                            .setTrainingDays(30)
                            .setMonitoringPeriodDays(30)
                            .setThresholdFlop(2 * 1e15 * 86_400 * 30)
                            .setSnapshotsPerDay(0.1)
                            .setChipFlopPerDay(1e15 * 86_400))
                    .build()));
  }

  private static byte[] seed(String text) {
    return SampleDraw.commitment(text.getBytes(StandardCharsets.UTF_8));
  }

  private static OpenCampaignRequest opening(String id, String period, byte[] seed) {
    return OpenCampaignRequest.newBuilder()
        .setCampaignId(id)
        .setOwnerOrg("dc-us")
        .setPeriod(period)
        .setSeedCommitment(ByteString.copyFrom(SampleDraw.commitment(seed)))
        .build();
  }

  private Campaign openAndAcknowledge(String id, String period, byte[] seed) {
    world.tx(inspectorate, s -> Campaigns.open(s, opening(id, period, seed)));
    return world.tx(
        world.dcUs,
        s -> Campaigns.acknowledge(s, CampaignRef.newBuilder().setCampaignId(id).build()));
  }

  /**
   * Attack (item 9): the period is free text, so the inspector opens campaigns for one owner under
   * many "periods" in the same month, computes each draw once the owner has acknowledged, and
   * reveals only the one that spares (or hits) the chip it cares about. Passes on the old code:
   * every campaign is accepted and the inspector gets to pick.
   */
  @Test
  void attackTheInspectorOpensManyCampaignsForOneOwnerAndPicksTheDraw() {
    List<String> periods = List.of("2026-01", "2026-01-b", "2025-12", "2025-11");
    List<List<String>> draws = new ArrayList<>();
    for (int i = 0; i < periods.size(); i++) {
      byte[] seed = seed("roll " + i);
      Campaign acked = openAndAcknowledge("C" + i, periods.get(i), seed);
      draws.add(
          SampleDraw.draw(
              seed, acked.getAckTxId(), List.of("SN-A", "SN-B", "SN-IDLE"), acked.getSampleSize()));
    }
    int spared = -1;
    for (int i = 0; i < draws.size() && spared < 0; i++) {
      if (!draws.get(i).contains("SN-A")) {
        spared = i;
      }
    }
    assertThat(draws).hasSize(4);
    int chosen = Math.max(spared, 0);
    Campaign drawn =
        world.tx(
            inspectorate,
            s ->
                Campaigns.reveal(
                    s,
                    RevealSeedRequest.newBuilder()
                        .setCampaignId("C" + chosen)
                        .setSeed(ByteString.copyFrom(seed("roll " + chosen)))
                        .build()));
    assertThat(drawn.getSampledSerialsList()).isEqualTo(draws.get(chosen));
  }
}
