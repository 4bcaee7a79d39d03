package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.chipledger.client.ledger.Ledger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attacker with write access to the database edits the derived stores (world state, key history,
 * tx-id index) and leaves the block log alone: verify must name the key and the block.
 */
class StateTamperTest {
  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path dir;

  @BeforeEach
  void twoChipsInTwoBlocks() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      fab.submit("testkv:Put", List.of("chip-1", "owner=fab-tw"));
      fab.submit("testkv:Put", List.of("chip-2", "owner=fab-tw"));
    }
  }

  @Test
  void anUntouchedLedgerVerifies() {
    assertThat(verify().ok()).as(verify().problem()).isTrue();
  }

  @Test
  void aHolderEditedInTheWorldStateIsReportedWithItsKeyAndBlock() throws Exception {
    RawRocks.put(stateDir(), "state", utf8("chip-1"), utf8("owner=thief"));

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problem()).contains("chip-1").contains("block 1");
  }

  @Test
  void aKeyDeletedFromTheWorldStateIsReported() throws Exception {
    RawRocks.delete(stateDir(), "state", utf8("chip-2"));

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problem()).contains("chip-2").contains("block 2");
  }

  @Test
  void aKeyAddedToTheWorldStateIsReported() throws Exception {
    RawRocks.put(stateDir(), "state", utf8("chip-3"), utf8("owner=thief"));

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problem()).contains("chip-3").contains("no block");
  }

  @Test
  void aDeletedKeyHistoryEntryIsReportedWithItsKeyAndBlock() throws Exception {
    RawRocks.delete(stateDir(), "history", historyKey("chip-1", new TxPosition(1, 0)));

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problem()).contains("chip-1").contains("block 1");
  }

  @Test
  void aForgedKeyHistoryEntryIsReportedWithItsKeyAndBlock() throws Exception {
    RawRocks.put(stateDir(), "history", historyKey("chip-2", new TxPosition(1, 0)), new byte[0]);

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problem()).contains("chip-2").contains("block 1");
  }

  @Test
  void aForgedTxIdIndexEntryIsReportedWithItsKeyAndBlock() throws Exception {
    RawRocks.put(stateDir(), "txids", utf8("forged-tx"), new TxPosition(1, 0).bytes());

    VerifyReport report = verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.problem()).contains("forged-tx").contains("block 1");
  }

  private VerifyReport verify() {
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir)) {
      return ledger.verify();
    }
  }

  private Path stateDir() {
    return dir;
  }

  private static byte[] historyKey(String key, TxPosition position) {
    return StateKeys.historyKey(utf8(key), position);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
