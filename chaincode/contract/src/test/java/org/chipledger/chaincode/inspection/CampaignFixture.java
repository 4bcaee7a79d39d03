package org.chipledger.chaincode.inspection;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.CampaignRules;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.OpenCampaignRequest;
import org.chipledger.proto.ledger.v1.RevealSeedRequest;

/** Requests and policies the campaign tests share: a = 1e15 FLOP/s a day, T = T_m = 30 days. */
final class CampaignFixture {
  /** a*T: with H at k times this, k chips can run H within T. */
  static final double A_TIMES_T = 1e15 * 86_400 * 30;

  private CampaignFixture() {}

  /** Sets Eq. (1)'s parameters (f = 0.1 a day) and the campaign rules. */
  static void setInspection(World world, double p, double thresholdFlop, CampaignRules rules) {
    world.setPolicy(
        policy ->
            policy
                .setInspection(
                    InspectionParameters.newBuilder()
                        .setDetectionProbability(p)
                        .setTrainingDays(30)
                        .setMonitoringPeriodDays(30)
                        .setThresholdFlop(thresholdFlop)
                        .setSnapshotsPerDay(0.1)
                        .setChipFlopPerDay(1e15 * 86_400))
                .setCampaignRules(rules));
  }

  /** A 32-byte seed derived from a text. */
  static byte[] seed(String text) {
    return SampleDraw.commitment(text.getBytes(StandardCharsets.UTF_8));
  }

  static OpenCampaignRequest opening(String id, String owner, String period, byte[] seed) {
    return OpenCampaignRequest.newBuilder()
        .setCampaignId(id)
        .setOwnerOrg(owner)
        .setPeriod(period)
        .setSeedCommitment(ByteString.copyFrom(SampleDraw.commitment(seed)))
        .build();
  }

  static RevealSeedRequest reveal(String id, byte[] seed) {
    return RevealSeedRequest.newBuilder()
        .setCampaignId(id)
        .setSeed(ByteString.copyFrom(seed))
        .build();
  }
}
