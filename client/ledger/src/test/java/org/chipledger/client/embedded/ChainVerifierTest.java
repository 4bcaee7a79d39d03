package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.chipledger.proto.ledger.v1.WriteEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainVerifierTest {
  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path dir;

  @BeforeEach
  void threeBlocks() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      fab.submit("testkv:Put", List.of("chip-1", "owner=fab-tw"));
      fab.submit("testkv:Put", List.of("chip-2", "owner=fab-tw"));
    }
  }

  @Test
  void anUntouchedChainVerifies() {
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir)) {
      VerifyReport report = ledger.verify();
      assertThat(report.ok()).as(report.problem()).isTrue();
      assertThat(report.blocks()).isEqualTo(3);
      assertThat(report.transactions()).isEqualTo(2);
      assertThat(report.problem()).isEmpty();
    }
  }

  @Test
  void aRewrittenTransactionRecordIsDetected() throws Exception {
    RawRocks.rewrite(
        dir,
        "txs",
        new TxPosition(1, 0).bytes(),
        bytes -> {
          TxRecord record = parseRecord(bytes);
          WriteEntry stolen =
              record.getWrites(0).toBuilder()
                  .setValue(ByteString.copyFromUtf8("owner=thief"))
                  .build();
          return record.toBuilder().setWrites(0, stolen).build().toByteArray();
        });

    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir)) {
      VerifyReport report = ledger.verify();
      assertThat(report.ok()).isFalse();
      assertThat(report.problem()).contains("block 1").contains("data hash");
    }
  }

  @Test
  void aRewrittenHeaderLosesTheNodeSignature() throws Exception {
    RawRocks.rewrite(
        dir,
        "blocks",
        TxPosition.blockKey(1),
        bytes -> {
          BlockHeader header = parseHeader(bytes);
          return header.toBuilder()
              .setCommittedAt(header.getCommittedAt().toBuilder().setSeconds(0))
              .build()
              .toByteArray();
        });

    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir)) {
      VerifyReport report = ledger.verify();
      assertThat(report.ok()).isFalse();
      // Before headers were signed, this was caught one block later: "block 2 does not link".
      assertThat(report.problem()).contains("block 1").contains("not signed by the node key");
    }
  }

  @Test
  void aTamperedTxIdIndexIsDetected() throws Exception {
    String txId = firstTxId();
    RawRocks.rewrite(
        dir, "txids", txId.getBytes(StandardCharsets.UTF_8), bytes -> new TxPosition(2, 0).bytes());

    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir)) {
      VerifyReport report = ledger.verify();
      assertThat(report.ok()).isFalse();
      assertThat(report.problem()).contains("tx-id index");
    }
  }

  private String firstTxId() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      TxRecord record = parseRecord(store.get(store.txs, new TxPosition(1, 0).bytes()));
      return Admission.parse(record.getTx()).getTxId();
    }
  }

  private static TxRecord parseRecord(byte[] bytes) {
    try {
      return TxRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BlockHeader parseHeader(byte[] bytes) {
    try {
      return BlockHeader.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
