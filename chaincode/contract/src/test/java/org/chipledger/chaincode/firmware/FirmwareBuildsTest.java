package org.chipledger.chaincode.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.snapshot.Snapshots;
import org.chipledger.chaincode.testing.ChipSigner;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.ApproveFirmwareRequest;
import org.chipledger.proto.ledger.v1.ApprovedFirmware;
import org.chipledger.proto.ledger.v1.FirmwareManifest;
import org.chipledger.proto.ledger.v1.RevokeFirmwareRequest;
import org.chipledger.proto.ledger.v1.SetFirmwareKeyRequest;
import org.chipledger.proto.ledger.v1.SignedFirmwareBuild;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.junit.jupiter.api.Test;

/**
 * The operator rolls a chip back to an older (logging-free) firmware, or runs a build nobody
 * approved: with a treaty firmware key set, the ledger refuses both and changes nothing.
 */
class FirmwareBuildsTest {
  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private final ChipSigner chip = fixture.a;
  private final KeyPair treaty = ChipSigner.newKeyPair();
  private final SignedFirmwareBuild v1 = build(treaty, "logging-fw 1.0", 1);
  private final SignedFirmwareBuild v2 = build(treaty, "logging-fw 2.0", 2);
  private long seq;

  @Test
  void withoutAFirmwareKeyRecordsOfUnmeasuredFirmwareStillCommit() {
    // The ledger before signed firmware: old records (no measurement) stay valid.
    assertThat(commit(chip.next("")).getRecordCount()).isEqualTo(1);
  }

  @Test
  void aRollbackToAnOlderSecurityVersionIsRefusedEvenIfThatBuildIsApproved() {
    setKeyAndApprove(v1, v2);
    commit(running(v2));
    refused(ErrorCode.FIRMWARE_ROLLBACK, running(v1));
    assertThat(world.tx(world.admin, s -> Snapshots.headOf(s, chip.serial())).getSecurityVersion())
        .isEqualTo(2);
  }

  @Test
  void aRollbackWithinOneBatchIsRefusedToo() {
    setKeyAndApprove(v1, v2);
    SignedSnapshotRecord newer = running(v2);
    SignedSnapshotRecord older = running(v1);
    refused(ErrorCode.FIRMWARE_ROLLBACK, newer, older);
  }

  @Test
  void aRollbackIsRefusedEvenBeforeTheKeyIsSet() {
    commit(running(v2));
    refused(ErrorCode.FIRMWARE_ROLLBACK, running(v1));
  }

  @Test
  void anUnapprovedBuildIsRefused() {
    setKeyAndApprove(v1);
    refused(ErrorCode.FIRMWARE_NOT_APPROVED, running(v2));
  }

  @Test
  void unmeasuredFirmwareIsRefusedOnceTheKeyIsSet() {
    setKeyAndApprove(v1);
    refused(ErrorCode.FIRMWARE_NOT_APPROVED, chip.next(""));
  }

  @Test
  void anApprovedMeasurementWithAnotherSecurityVersionIsRefused() {
    setKeyAndApprove(v1);
    refused(
        ErrorCode.FIRMWARE_NOT_APPROVED,
        chip.next(
            "",
            1,
            r -> r.setFirmwareMeasurement(FirmwareBuilds.measurement(v1)).setSecurityVersion(9)));
  }

  @Test
  void upgradingIsFineAndARevokedBuildIsRefusedFromThenOn() {
    setKeyAndApprove(v1, v2);
    commit(running(v1));
    commit(running(v2));
    world.tx(
        world.admin,
        s ->
            FirmwareBuilds.revoke(
                s,
                RevokeFirmwareRequest.newBuilder()
                    .setMeasurement(FirmwareBuilds.measurement(v2))
                    .build()));
    refused(ErrorCode.FIRMWARE_NOT_APPROVED, running(v2));
  }

  @Test
  void onlyTheSecretariatChangesTheRegistry() {
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> setKey(s, treaty));
    world.rejected(ErrorCode.FIRMWARE_KEY_NOT_SET, world.admin, s -> approve(s, v1));
    world.tx(world.admin, s -> setKey(s, treaty));
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> approve(s, v1));
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, world.fabUs, s -> approve(s, v1));
  }

  @Test
  void aBuildNotSignedByTheTreatyKeyOrApprovedTwiceIsRefused() {
    world.tx(world.admin, s -> setKey(s, treaty));
    world.rejected(
        ErrorCode.FIRMWARE_SIGNATURE_INVALID,
        world.admin,
        s -> approve(s, build(ChipSigner.newKeyPair(), "evil-fw", 99)));
    ApprovedFirmware approved = world.tx(world.admin, s -> approve(s, v1));
    assertThat(approved.getSecurityVersion()).isEqualTo(1);
    assertThat(approved.getName()).isEqualTo("logging-fw 1.0");
    assertThat(approved.getMeasurement().toByteArray())
        .isEqualTo(Sha256.of(v1.getManifest().toByteArray()));
    world.rejected(ErrorCode.FIRMWARE_BUILD_EXISTS, world.admin, s -> approve(s, v1));
    world.rejected(
        ErrorCode.FIRMWARE_NOT_FOUND,
        world.admin,
        s ->
            FirmwareBuilds.revoke(
                s,
                RevokeFirmwareRequest.newBuilder()
                    .setMeasurement(ByteString.copyFrom(new byte[32]))
                    .build()));
    assertThat(world.tx(world.dcUs, FirmwareBuilds::registry).getBuildsList()).hasSize(1);
  }

  private SignedSnapshotRecord running(SignedFirmwareBuild build) {
    long version = manifestOf(build).getSecurityVersion();
    return chip.next(
        "",
        1,
        r ->
            r.setFirmwareMeasurement(FirmwareBuilds.measurement(build))
                .setSecurityVersion(version));
  }

  private void setKeyAndApprove(SignedFirmwareBuild... builds) {
    world.tx(world.admin, s -> setKey(s, treaty));
    for (SignedFirmwareBuild build : builds) {
      world.tx(world.admin, s -> approve(s, build));
    }
  }

  private static Object setKey(LedgerState s, KeyPair key) {
    return FirmwareBuilds.setKey(
        s,
        SetFirmwareKeyRequest.newBuilder()
            .setPublicKey(ByteString.copyFrom(key.getPublic().getEncoded()))
            .build());
  }

  private static ApprovedFirmware approve(LedgerState s, SignedFirmwareBuild build) {
    return FirmwareBuilds.approve(s, ApproveFirmwareRequest.newBuilder().setBuild(build).build());
  }

  private SnapshotBatch commit(SignedSnapshotRecord... records) {
    long next = ++seq;
    return world.tx(world.dcUs, s -> Snapshots.submitBatch(s, request(next, records)));
  }

  private void refused(ErrorCode code, SignedSnapshotRecord... records) {
    world.rejected(code, world.dcUs, s -> Snapshots.submitBatch(s, request(seq + 1, records)));
  }

  private static SubmitSnapshotBatchRequest request(long seq, SignedSnapshotRecord... records) {
    return SubmitSnapshotBatchRequest.newBuilder()
        .setSiteId(DeployedChips.SITE)
        .setBatchSeq(seq)
        .addAllRecords(List.of(records))
        .build();
  }

  private static FirmwareManifest manifestOf(SignedFirmwareBuild build) {
    try {
      return FirmwareManifest.parseFrom(build.getManifest());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static SignedFirmwareBuild build(KeyPair signer, String name, long securityVersion) {
    FirmwareManifest manifest =
        FirmwareManifest.newBuilder()
            .setName(name)
            .setSecurityVersion(securityVersion)
            .setCodeHash(
                ByteString.copyFrom(
                    Sha256.of(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
            .build();
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(signer.getPrivate());
      signature.update(manifest.toByteArray());
      return SignedFirmwareBuild.newBuilder()
          .setManifest(manifest.toByteString())
          .setSignature(ByteString.copyFrom(signature.sign()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
