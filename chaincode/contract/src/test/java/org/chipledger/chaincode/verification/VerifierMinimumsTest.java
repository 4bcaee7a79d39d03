package org.chipledger.chaincode.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.CommitSelectionRequest;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.RunVerdict;
import org.chipledger.proto.ledger.v1.VerifierRules;
import org.junit.jupiter.api.Test;

/**
 * The Verifier, and anyone posing as it, as a cheater (issue 17 item 12): a verdict that replayed
 * nothing, a verdict without commit-reveal, and an inspector org that commits first to block the
 * real Verifier. All three attacks succeeded on the old code (commit a143c1a).
 */
class VerifierMinimumsTest {
  private static final ByteString EVIDENCE = ByteString.copyFrom(new byte[32]);
  private static final byte[] SECRET = Sha256.of(new byte[] {7});

  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private final Caller inspectorate = World.caller("TreatyMSP", "inspectorate", "inspector", "NL");
  private final Caller rogue = World.caller("USMSP", "inspect-us", "inspector", "US");

  VerifierMinimumsTest() {
    world.register(inspectorate);
    world.register(rogue);
    fixture.declareRun("run-7", 3.0e24);
  }

  private static RecordVerdictRequest.Builder honest() {
    return RecordVerdictRequest.newBuilder()
        .setRunId("run-7")
        .setHonest(true)
        .setEvidenceHash(EVIDENCE)
        .setSummary("replayed")
        .setEpsilon(1e-4)
        .setSelectionSecret(ByteString.copyFrom(SECRET));
  }

  private static CommitSelectionRequest commitment() {
    return CommitSelectionRequest.newBuilder()
        .setRunId("run-7")
        .setCommitment(ByteString.copyFrom(Sha256.of(SECRET)))
        .build();
  }

  private void setRules(VerifierRules rules) {
    world.setPolicy(policy -> policy.setVerifierRules(rules));
  }

  @Test
  void anHonestVerdictWithNothingReplayedOrNoCommitmentIsRefused() {
    // No commitment: the Verifier could choose its segments after reading the transcript.
    world.rejected(
        ErrorCode.SELECTION_NOT_COMMITTED,
        inspectorate,
        s -> Verifications.record(s, honest().setTopQ(1).setRandomSegments(1).build()));
    world.tx(inspectorate, s -> Verifications.commitSelection(s, commitment()));
    // "--top-q 0 --random 0", then top-Q only: below the default minimums (2 segments, 1 random).
    world.rejected(
        ErrorCode.REPLAY_BELOW_MINIMUM,
        inspectorate,
        s -> Verifications.record(s, honest().build()));
    world.rejected(
        ErrorCode.REPLAY_BELOW_MINIMUM,
        inspectorate,
        s -> Verifications.record(s, honest().setTopQ(5).build()));
    RunVerdict verdict =
        world.tx(
            inspectorate,
            s -> Verifications.record(s, honest().setTopQ(1).setRandomSegments(1).build()));
    assertThat(verdict.getTopQ()).isEqualTo(1);
    assertThat(verdict.getRandomSegments()).isEqualTo(1);
  }

  @Test
  void aDishonestVerdictNeedsTheCommitmentButNoReplay() {
    world.tx(inspectorate, s -> Verifications.commitSelection(s, commitment()));
    RunVerdict failed =
        world.tx(
            inspectorate,
            s ->
                Verifications.record(
                    s, honest().setHonest(false).addFailedChecks("COMMITMENT").build()));
    assertThat(failed.getHonest()).isFalse();
  }

  @Test
  void aDetectionTargetRaisesTheRandomSegments() {
    // ln(0.1)/ln(0.8) = 10.3: eleven random segments catch a 20% spoof with probability 0.9.
    setRules(
        VerifierRules.newBuilder()
            .setVerifierOrg("inspectorate")
            .setDetectionTarget(0.9)
            .setSpoofedFraction(0.2)
            .build());
    world.tx(inspectorate, s -> Verifications.commitSelection(s, commitment()));
    world.rejected(
        ErrorCode.REPLAY_BELOW_MINIMUM,
        inspectorate,
        s -> Verifications.record(s, honest().setTopQ(20).setRandomSegments(10).build()));
    world.tx(inspectorate, s -> Verifications.record(s, honest().setRandomSegments(11).build()));
    world.policyRejected(
        ErrorCode.INVALID_POLICY,
        policy -> policy.setVerifierRules(VerifierRules.newBuilder().setDetectionTarget(1.5)));
  }

  @Test
  void onlyThePolicysVerifierCommitsAndRecords() {
    // The rogue inspector cannot commit first to block the Verifier, nor record a verdict.
    world.rejected(
        ErrorCode.NOT_THE_VERIFIER, rogue, s -> Verifications.commitSelection(s, commitment()));
    world.tx(inspectorate, s -> Verifications.commitSelection(s, commitment()));
    world.rejected(
        ErrorCode.NOT_THE_VERIFIER,
        rogue,
        s -> Verifications.record(s, honest().setTopQ(1).setRandomSegments(1).build()));
    // A new Verifier cannot open its predecessor's commitment.
    setRules(VerifierRules.newBuilder().setVerifierOrg("inspect-us").build());
    world.rejected(
        ErrorCode.NOT_THE_VERIFIER,
        rogue,
        s -> Verifications.record(s, honest().setTopQ(1).setRandomSegments(1).build()));
    // A policy that names no Verifier records nothing.
    setRules(VerifierRules.getDefaultInstance());
    world.rejected(
        ErrorCode.POLICY_NOT_SET,
        inspectorate,
        s -> Verifications.record(s, honest().setTopQ(1).setRandomSegments(1).build()));
  }
}
