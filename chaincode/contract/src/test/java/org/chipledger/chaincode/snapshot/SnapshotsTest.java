package org.chipledger.chaincode.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.run.Runs;
import org.chipledger.chaincode.testing.ChipSigner;
import org.chipledger.chaincode.testing.DeployedChips;
import org.chipledger.chaincode.testing.World;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.proto.ledger.v1.RunActivity;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.ledger.v1.SnapshotBatchKey;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
  private final DeployedChips fixture = new DeployedChips();
  private final World world = fixture.world;
  private final ChipSigner a = fixture.a;
  private final ChipSigner b = fixture.b;
  private final ChipSigner idle = fixture.idle;
  private long seq;

  private Function<LedgerState, SnapshotBatch> batch(
      long batchSeq, SignedSnapshotRecord... records) {
    SubmitSnapshotBatchRequest request =
        SubmitSnapshotBatchRequest.newBuilder()
            .setSiteId("us-east")
            .setBatchSeq(batchSeq)
            .setEpoch(batchSeq)
            .addAllRecords(List.of(records))
            .build();
    return s -> Snapshots.submitBatch(s, request);
  }

  private SnapshotBatch commit(SignedSnapshotRecord... records) {
    return world.tx(world.dcUs, batch(++seq, records));
  }

  private void refused(ErrorCode code, SignedSnapshotRecord... records) {
    world.rejected(code, world.dcUs, batch(seq + 1, records));
  }

  @Test
  void aValidBatchCommitsItsRootTheHeadsAndRunAccounting() {
    List<SignedSnapshotRecord> records = new ArrayList<>();
    records.add(a.next("run-1"));
    records.add(b.next("run-1"));
    records.add(a.next("run-1"));
    records.add(b.next("run-1"));
    SnapshotBatch batch = commit(records.toArray(SignedSnapshotRecord[]::new));

    List<byte[]> leaves = records.stream().map(SignedSnapshotRecord::toByteArray).toList();
    assertThat(batch.getMerkleRoot().toByteArray()).isEqualTo(MerkleTree.of(leaves).root());
    assertThat(batch.getRecordCount()).isEqualTo(4);
    assertThat(batch.getChipCount()).isEqualTo(2);
    var head = world.tx(world.admin, s -> Snapshots.headOf(s, a.serial()));
    assertThat(head.getCounter()).isEqualTo(2);
    assertThat(head.getRecordHash()).isEqualTo(a.headHash());
    assertThat(head.getBatchSeq()).isEqualTo(1);
    SnapshotBatch stored = world.tx(world.admin, s -> Snapshots.batch(s, key(1)));
    assertThat(stored).isEqualTo(batch);

    RunActivity run = world.tx(world.admin, s -> Runs.view(s, "run-1")).getActivity();
    assertThat(run.getDeclared()).isFalse();
    assertThat(run.getSnapshotCount()).isEqualTo(4);
    assertThat(run.getChipCount()).isEqualTo(2);
    // Each chip's two records are one hour of chip time apart: 2 chips x 1/24 day.
    assertThat(run.getChipDays()).isCloseTo(2.0 / 24, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(run.getSitesList()).containsExactly("us-east");
    assertThat(world.ledger.events()).last().matches(e -> e.hasSnapshotBatchCommitted());
  }

  @Test
  void aForgedSignatureIsRefused() {
    SnapshotRecord record = a.record(1, SnapshotRules.GENESIS, 1_700_000_100L, "");
    refused(
        ErrorCode.SNAPSHOT_SIGNATURE_INVALID, ChipSigner.signWith(ChipSigner.newKeyPair(), record));
  }

  @Test
  void aReplayedRecordIsRefused() {
    SignedSnapshotRecord first = a.next("");
    commit(first);
    refused(ErrorCode.SNAPSHOT_REPLAYED, first);
  }

  @Test
  void aCounterGapIsRefused() {
    commit(a.next(""));
    a.next("");
    refused(ErrorCode.SNAPSHOT_COUNTER_GAP, a.next(""));
  }

  @Test
  void reorderedRecordsAreRefusedAndTheSameRecordsInOrderCommit() {
    SignedSnapshotRecord first = a.next("");
    SignedSnapshotRecord second = a.next("");
    var violation =
        world.rejected(ErrorCode.SNAPSHOT_COUNTER_GAP, world.dcUs, batch(1, second, first));
    // The second record was valid after the first one the batch had refused to skip past.
    assertThat(violation.getMessage()).contains("record 0: SNAPSHOT_COUNTER_GAP");
    commit(first, second);
    assertThat(world.tx(world.admin, s -> Snapshots.headOf(s, a.serial())).getCounter())
        .isEqualTo(2);
  }

  @Test
  void aRecordThatDoesNotContinueTheHashChainIsRefused() {
    commit(a.next(""));
    SnapshotRecord altered = a.record(2, ByteString.copyFrom(new byte[32]), 1_800_000_000L, "");
    refused(ErrorCode.SNAPSHOT_CHAIN_BROKEN, a.sign(altered));
  }

  @Test
  void aRecordWhoseChipTimeGoesBackwardsIsRefused() {
    SignedSnapshotRecord first = a.next("");
    commit(first);
    SnapshotRecord earlier = a.record(2, a.headHash(), 1_600_000_000L, "");
    refused(ErrorCode.SNAPSHOT_OUT_OF_ORDER, a.sign(earlier));
  }

  @Test
  void aChipNotDeployedAtTheSiteIsRefused() {
    refused(ErrorCode.CHIP_NOT_DEPLOYED_HERE, idle.next(""));
  }

  @Test
  void aRecordForAnUnregisteredChipIsRefused() {
    refused(ErrorCode.CHIP_NOT_FOUND, new ChipSigner("SN-NOBODY").next(""));
  }

  @Test
  void garbledRecordBytesAreMalformed() {
    SignedSnapshotRecord garbled =
        SignedSnapshotRecord.newBuilder()
            .setRecord(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01, 0x02}))
            .build();
    refused(ErrorCode.MALFORMED_ARGUMENT, garbled);
  }

  @Test
  void oneBadRecordRefusesTheBatchWithItsReasonAndLosesNothingElse() {
    SignedSnapshotRecord good = b.next("");
    SignedSnapshotRecord bad = idle.next("");
    var violation =
        world.rejected(ErrorCode.CHIP_NOT_DEPLOYED_HERE, world.dcUs, batch(1, good, bad));
    assertThat(violation.getMessage()).contains("record 1: CHIP_NOT_DEPLOYED_HERE");
    assertThat(violation.getMessage()).doesNotContain("record 0");
    commit(good);
    assertThat(world.tx(world.admin, s -> Snapshots.headOf(s, b.serial())).getCounter())
        .isEqualTo(1);
  }

  @Test
  void batchNumbersOnlyGoUp() {
    SignedSnapshotRecord first = a.next("");
    world.tx(world.dcUs, batch(2, first));
    world.rejected(ErrorCode.SNAPSHOT_BATCH_EXISTS, world.dcUs, batch(2, a.next("")));
    world.rejected(ErrorCode.SNAPSHOT_BATCH_EXISTS, world.dcUs, batch(1, a.next("")));
  }

  @Test
  void onlyTheSitesOperatorSubmits() {
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, world.customsUs, batch(1, a.next("")));
    world.rejected(ErrorCode.NOT_SITE_OPERATOR, world.dcNl, batch(1, a.next("")));
  }

  @Test
  void batchSizeIsBounded() {
    SignedSnapshotRecord[] records = new SignedSnapshotRecord[Snapshots.MAX_RECORDS_PER_BATCH + 1];
    java.util.Arrays.fill(records, SignedSnapshotRecord.getDefaultInstance());
    refused(ErrorCode.SNAPSHOT_BATCH_TOO_LARGE, records);
    refused(ErrorCode.MALFORMED_ARGUMENT);
  }

  @Test
  void aChipWithNoSnapshotHasAnEmptyHeadAndAnUnknownBatchIsNotFound() {
    assertThat(world.tx(world.admin, s -> Snapshots.headOf(s, idle.serial())).getCounter())
        .isZero();
    world.rejected(ErrorCode.CHIP_NOT_FOUND, world.admin, s -> Snapshots.headOf(s, "SN-NOBODY"));
    world.rejected(ErrorCode.SNAPSHOT_NOT_FOUND, world.admin, s -> Snapshots.batch(s, key(9)));
  }

  private static SnapshotBatchKey key(long seq) {
    return SnapshotBatchKey.newBuilder().setSiteId("us-east").setBatchSeq(seq).build();
  }
}
