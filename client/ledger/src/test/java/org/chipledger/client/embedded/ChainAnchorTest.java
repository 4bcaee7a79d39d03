package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChainAnchor;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rewriting history and re-hashing forward, or cutting blocks off, against an exported anchor and
 * the node's header signatures.
 */
class ChainAnchorTest {
  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path dir;
  @TempDir Path other;
  private ChainAnchor anchor;

  @BeforeEach
  void fourChipsThenAnAnchor() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      for (int i = 1; i <= 4; i++) {
        fab.submit("testkv:Put", List.of("chip-" + i, "owner=fab-tw"));
      }
      anchor = ledger.anchor();
    }
  }

  @Test
  void theAnchorNamesTheTip() {
    assertThat(anchor.getHeight()).isEqualTo(5);
    assertThat(verify(anchor).ok()).as(verify(anchor).problem()).isTrue();
  }

  @Test
  void reHashingForwardWithoutTheNodeKeyFailsOnTheSignatures() throws Exception {
    NodeKey cheater = NodeKey.create(other);
    ChainForger.rewrite(dir, new TxPosition(2, 0), ChainAnchorTest::steal, cheater::sign);

    VerifyReport report = verify(null);
    assertThat(report.ok()).isFalse();
    assertThat(report.problem()).contains("block 2").contains("not signed by the node key");
    // The state store no longer matches the log's tip, so the ledger will not open for work.
    assertThatThrownBy(() -> EmbeddedLedger.open(dir).close())
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE));
    // Nor can the cheater make a state store out of the forged log.
    assertThatThrownBy(() -> EmbeddedLedger.rebuildState(dir))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOCK_LOG_CORRUPT))
        .hasMessageContaining("block 2");
  }

  @Test
  void reHashingForwardWithTheNodeKeyIsCaughtByTheAnchor() throws Exception {
    NodeKey node = NodeKey.load(dir, anchor.getNodeKey().toByteArray());
    ChainForger.rewrite(dir, new TxPosition(2, 0), ChainAnchorTest::steal, node::sign);
    EmbeddedLedger.rebuildState(dir);

    // A cheater holding the node key defeats the signatures: without an anchor, all is well.
    assertThat(verify(null).ok()).isTrue();
    VerifyReport report = verify(anchor);
    assertThat(report.ok()).isFalse();
    assertThat(report.code()).isEqualTo(ErrorCode.ANCHOR_MISMATCH);
    assertThat(report.problem()).contains("block 4").contains("forks");
  }

  @Test
  void cuttingOffTheLastBlocksIsCaughtByTheAnchor() throws Exception {
    ChainForger.truncate(dir, 2);

    // The state store still holds the cut blocks' effects: the ledger refuses to open.
    assertThatThrownBy(() -> EmbeddedLedger.open(dir).close())
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOCK_LOG_CORRUPT))
        .hasMessageContaining("removed from the log");
    // The cheater rebuilds the state store from the shorter log: it verifies on its own...
    EmbeddedLedger.rebuildState(dir);
    assertThat(verify(null).ok()).isTrue();
    // ...but not against the anchor.
    VerifyReport report = verify(anchor);
    assertThat(report.ok()).isFalse();
    assertThat(report.code()).isEqualTo(ErrorCode.ANCHOR_MISMATCH);
    assertThat(report.problem()).contains("holds 3 blocks").contains("cut off");
  }

  @Test
  void anotherLedgerDoesNotMatchTheAnchor() {
    try (EmbeddedLedger ledger = consortium.create(other)) {
      Ledger fab = ledger.connect(consortium.fab);
      for (int i = 1; i <= 4; i++) {
        fab.submit("testkv:Put", List.of("chip-" + i, "owner=fab-tw"));
      }
      VerifyReport report = ledger.verify(anchor);
      assertThat(report.code()).isEqualTo(ErrorCode.ANCHOR_MISMATCH);
      assertThat(report.problem()).contains("different node key");
    }
  }

  @Test
  void aForgedAnchorIsRefused() {
    ChainAnchor longer = anchor.toBuilder().setHeight(anchor.getHeight() + 1).build();
    ChainAnchor resigned =
        anchor.toBuilder().setBlockHash(ByteString.copyFrom(new byte[32])).build();
    for (ChainAnchor forged : List.of(longer, resigned)) {
      assertThatThrownBy(() -> verify(forged))
          .isInstanceOfSatisfying(
              LedgerException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_ARGUMENT));
    }
  }

  private VerifyReport verify(ChainAnchor against) {
    return EmbeddedLedger.verify(dir, against);
  }

  private static TxRecord steal(TxRecord record) {
    return record.toBuilder()
        .setWrites(
            0, record.getWrites(0).toBuilder().setValue(ByteString.copyFromUtf8("owner=thief")))
        .build();
  }
}
