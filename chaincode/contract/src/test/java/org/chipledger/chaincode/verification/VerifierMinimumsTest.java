package org.chipledger.chaincode.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.run.Runs;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.CommitSelectionRequest;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.RunVerdict;
import org.junit.jupiter.api.Test;

/**
 * The Verifier, and anyone posing as it, as a cheater (issue 17 item 12): a verdict that replayed
 * nothing, a verdict without commit-reveal, and an inspector org that commits first to block the
 * real Verifier.
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
    world.tx(
        world.dcUs,
        s ->
            Runs.declare(
                s,
                DeclareRunRequest.newBuilder()
                    .setRunId("run-7")
                    .setSiteId(DeployedChips.SITE)
                    .addChipSerials(fixture.a.serial())
                    .setDeclaredFlop(3.0e24)
                    .setManifestHash(EVIDENCE)
                    .setDataCommitment(EVIDENCE)
                    .build()));
  }

  private static RecordVerdictRequest.Builder honest() {
    return RecordVerdictRequest.newBuilder()
        .setRunId("run-7")
        .setHonest(true)
        .setEvidenceHash(EVIDENCE)
        .setSummary("replayed nothing")
        .setEpsilon(1e-4);
  }

  private static CommitSelectionRequest commitment() {
    return CommitSelectionRequest.newBuilder()
        .setRunId("run-7")
        .setCommitment(ByteString.copyFrom(Sha256.of(SECRET)))
        .build();
  }

  /**
   * Attack: "--top-q 0 --random 0" and no commitment. Passes on the old code: the ledger records an
   * honest verdict for which nothing was replayed and no selection was committed.
   */
  @Test
  void attackAnHonestVerdictWithNothingReplayedAndNoCommitment() {
    RunVerdict verdict = world.tx(inspectorate, s -> Verifications.record(s, honest().build()));
    assertThat(verdict.getHonest()).isTrue();
  }

  /**
   * Attack: another inspector org commits first; the real Verifier's commitment is then refused.
   * Passes on the old code: the rogue's commitment is accepted.
   */
  @Test
  void attackARogueInspectorCommitsFirstAndBlocksTheVerifier() {
    world.tx(rogue, s -> Verifications.commitSelection(s, commitment()));
    RunVerdict verdict =
        world.tx(
            rogue,
            s ->
                Verifications.record(
                    s, honest().setSelectionSecret(ByteString.copyFrom(SECRET)).build()));
    assertThat(verdict.getVerifierOrg()).isEqualTo("inspect-us");
  }
}
