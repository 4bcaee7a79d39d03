package org.chipledger.chaincode.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.List;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.snapshot.Snapshots;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.CommitSelectionRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import org.chipledger.proto.ledger.v1.RunVerdict;
import org.chipledger.proto.ledger.v1.SelectionCommitment;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.chipledger.proto.ledger.v1.VerificationRequest;
import org.junit.jupiter.api.Test;

class VerificationsTest {
  private static final ByteString EVIDENCE = ByteString.copyFrom(new byte[32]);

  /** The selection secret verdicts reveal unless a test says otherwise. */
  private static final byte[] SECRET = secret(9);

  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private final Caller inspectorate = World.caller("TreatyMSP", "inspectorate", "inspector", "NL");

  VerificationsTest() {
    world.register(inspectorate);
    fixture.declareRun("run-7", 3.0e24);
  }

  private static RequestVerificationRequest ask(String runId) {
    return RequestVerificationRequest.newBuilder()
        .setRunId(runId)
        .setReason("declared above H")
        .build();
  }

  private static RecordVerdictRequest.Builder verdict(String runId, String... failed) {
    return RecordVerdictRequest.newBuilder()
        .setRunId(runId)
        .setHonest(failed.length == 0)
        .addAllFailedChecks(List.of(failed))
        .setEvidenceHash(EVIDENCE)
        .setSummary("summary")
        .setEpsilon(1e-4)
        .setSelectionSecret(ByteString.copyFrom(SECRET))
        .setTopQ(1)
        .setRandomSegments(1);
  }

  private static byte[] secret(int first) {
    byte[] secret = new byte[32];
    secret[0] = (byte) first;
    return secret;
  }

  /** The Verifier commits to {@link #SECRET} for the run, as it must before a verdict. */
  private void commit(String runId) {
    world.tx(
        inspectorate,
        s ->
            Verifications.commitSelection(
                s,
                CommitSelectionRequest.newBuilder()
                    .setRunId(runId)
                    .setCommitment(ByteString.copyFrom(org.chipledger.crypto.Sha256.of(SECRET)))
                    .build()));
  }

  @Test
  void theInspectorateRequestsAndRecordsADishonestVerdictThatAnyMemberReads() {
    VerificationRequest request =
        world.tx(inspectorate, s -> Verifications.request(s, ask("run-7")));
    assertThat(request.getRequestedByOrg()).isEqualTo("inspectorate");
    LedgerEvent requested = world.ledger.events().get(world.ledger.events().size() - 1);
    assertThat(requested.getVerificationRequested().getRunId()).isEqualTo("run-7");
    commit("run-7");

    RunVerdict recorded =
        world.tx(
            inspectorate,
            s -> Verifications.record(s, verdict("run-7", "SEGMENT_REPLAY", "SNAPSHOTS").build()));
    assertThat(recorded.getVerifierOrg()).isEqualTo("inspectorate");
    assertThat(recorded.getTxId()).isNotEmpty();
    assertThat(world.ledger.events()).last().matches(LedgerEvent::hasVerdictRecorded);
    assertThat(
            world
                .ledger
                .events()
                .get(world.ledger.events().size() - 1)
                .getVerdictRecorded()
                .getFailedChecksList())
        .containsExactly("SEGMENT_REPLAY", "SNAPSHOTS");

    RunVerdict read = world.tx(world.dcUs, s -> Verifications.verdict(s, "run-7"));
    assertThat(read).isEqualTo(recorded);
    VerificationRequest readRequest =
        world.tx(world.customsNl, s -> Verifications.verificationRequest(s, "run-7"));
    assertThat(readRequest).isEqualTo(request);
  }

  @Test
  void theSecretariatMayRequestVerification() {
    VerificationRequest request =
        world.tx(world.admin, s -> Verifications.request(s, ask("run-7")));
    assertThat(request.getRequestedByOrg()).isEqualTo("treaty");
  }

  @Test
  void aRunSeenOnlyInSnapshotsCanBeRequestedButNeedsTheRequestForAVerdict() {
    var batch =
        SubmitSnapshotBatchRequest.newBuilder()
            .setSiteId(DeployedChips.SITE)
            .setBatchSeq(1)
            .addRecords(fixture.b.next("run-hidden"))
            .build();
    world.tx(world.dcUs, s -> Snapshots.submitBatch(s, batch));
    world.rejected(
        ErrorCode.VERIFICATION_NOT_FOUND,
        inspectorate,
        s -> Verifications.record(s, verdict("run-hidden", "COMMITMENT").build()));
    world.tx(inspectorate, s -> Verifications.request(s, ask("run-hidden")));
    commit("run-hidden");
    RunVerdict verdict =
        world.tx(
            inspectorate,
            s -> Verifications.record(s, verdict("run-hidden", "COMMITMENT").build()));
    assertThat(verdict.getHonest()).isFalse();
  }

  @Test
  void requestsAreChecked() {
    world.rejected(
        ErrorCode.RUN_NOT_FOUND, inspectorate, s -> Verifications.request(s, ask("run-unknown")));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> Verifications.request(s, ask("run-7")));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s -> Verifications.request(s, ask("run-7").toBuilder().setReason(" ").build()));
    world.tx(inspectorate, s -> Verifications.request(s, ask("run-7")));
    world.rejected(
        ErrorCode.VERIFICATION_PENDING, inspectorate, s -> Verifications.request(s, ask("run-7")));
    commit("run-7");
    world.tx(inspectorate, s -> Verifications.record(s, verdict("run-7").build()));
    world.rejected(
        ErrorCode.VERDICT_EXISTS, world.admin, s -> Verifications.request(s, ask("run-7")));
  }

  @Test
  void aDeclaredRunNeedsNoRequestForAVerdictAndGetsOnlyOne() {
    commit("run-7");
    RunVerdict honest =
        world.tx(inspectorate, s -> Verifications.record(s, verdict("run-7").build()));
    assertThat(honest.getHonest()).isTrue();
    assertThat(honest.getFailedChecksList()).isEmpty();
    world.rejected(
        ErrorCode.VERDICT_EXISTS,
        inspectorate,
        s -> Verifications.record(s, verdict("run-7", "COMPUTE").build()));
  }

  @Test
  void verdictsAreChecked() {
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE,
        world.admin,
        s -> Verifications.record(s, verdict("run-7").build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s ->
            Verifications.record(
                s, verdict("run-7").setEvidenceHash(ByteString.copyFromUtf8("short")).build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s -> Verifications.record(s, verdict("run-7").setHonest(false).build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s -> Verifications.record(s, verdict("run-7").setEpsilon(Double.NaN).build()));
    world.rejected(
        ErrorCode.VERIFICATION_NOT_FOUND,
        inspectorate,
        s -> Verifications.record(s, verdict("run-unknown").build()));
  }

  @Test
  void queriesOfAbsentRecordsAreNotFound() {
    world.rejected(ErrorCode.VERDICT_NOT_FOUND, world.dcUs, s -> Verifications.verdict(s, "run-7"));
    world.rejected(
        ErrorCode.VERIFICATION_NOT_FOUND,
        world.dcUs,
        s -> Verifications.verificationRequest(s, "run-7"));
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  @Test
  void aVerdictRevealsTheSecretOfTheSelectionCommitment() throws Exception {
    byte[] secret = secret(7);
    ByteString commitment = ByteString.copyFrom(sha256(secret));
    SelectionCommitment committed =
        world.tx(
            inspectorate,
            s ->
                Verifications.commitSelection(
                    s,
                    CommitSelectionRequest.newBuilder()
                        .setRunId("run-7")
                        .setCommitment(commitment)
                        .build()));
    assertThat(committed.getCommittedByOrg()).isEqualTo("inspectorate");
    SelectionCommitment read = world.tx(world.dcUs, s -> Verifications.selection(s, "run-7"));
    assertThat(read).isEqualTo(committed);

    world.rejected(
        ErrorCode.SELECTION_ALREADY_COMMITTED,
        inspectorate,
        s ->
            Verifications.commitSelection(
                s,
                CommitSelectionRequest.newBuilder()
                    .setRunId("run-7")
                    .setCommitment(ByteString.copyFrom(new byte[32]))
                    .build()));
    byte[] other = secret.clone();
    other[31] = 1;
    world.rejected(
        ErrorCode.SELECTION_REVEAL_MISMATCH,
        inspectorate,
        s ->
            Verifications.record(
                s, verdict("run-7").setSelectionSecret(ByteString.copyFrom(other)).build()));
    world.rejected(
        ErrorCode.SELECTION_REVEAL_MISMATCH,
        inspectorate,
        s -> Verifications.record(s, verdict("run-7").build()));

    RunVerdict recorded =
        world.tx(
            inspectorate,
            s ->
                Verifications.record(
                    s, verdict("run-7").setSelectionSecret(ByteString.copyFrom(secret)).build()));
    assertThat(recorded.getSelectionSecret().toByteArray()).isEqualTo(secret);
    world.rejected(
        ErrorCode.VERDICT_EXISTS,
        inspectorate,
        s ->
            Verifications.commitSelection(
                s,
                CommitSelectionRequest.newBuilder()
                    .setRunId("run-7")
                    .setCommitment(commitment)
                    .build()));
  }

  @Test
  void selectionCommitmentsAreChecked() {
    world.rejected(
        ErrorCode.SELECTION_NOT_COMMITTED,
        inspectorate,
        s ->
            Verifications.record(
                s, verdict("run-7").setSelectionSecret(ByteString.copyFrom(new byte[32])).build()));
    world.rejected(
        ErrorCode.SELECTION_NOT_COMMITTED, world.dcUs, s -> Verifications.selection(s, "run-7"));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE,
        world.dcUs,
        s ->
            Verifications.commitSelection(
                s,
                CommitSelectionRequest.newBuilder()
                    .setRunId("run-7")
                    .setCommitment(ByteString.copyFrom(new byte[32]))
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        inspectorate,
        s ->
            Verifications.commitSelection(
                s,
                CommitSelectionRequest.newBuilder()
                    .setRunId("run-7")
                    .setCommitment(ByteString.copyFromUtf8("short"))
                    .build()));
    world.rejected(
        ErrorCode.RUN_NOT_FOUND,
        inspectorate,
        s ->
            Verifications.commitSelection(
                s,
                CommitSelectionRequest.newBuilder()
                    .setRunId("run-unknown")
                    .setCommitment(ByteString.copyFrom(new byte[32]))
                    .build()));
  }
}
