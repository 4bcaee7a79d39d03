package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost or corrupt state store is rebuilt from the block log; the custody state afterwards is
 * compared with a model the test kept itself (values, histories, refused replays). A corrupt block
 * log is reported with its first bad block and nothing is truncated.
 */
class StateRebuildTest {
  private static final int KEYS = 6;
  private final TestConsortium consortium = new TestConsortium();
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, StringBuilder> histories = new LinkedHashMap<>();
  private SignedTx replay;
  @TempDir Path dir;

  @BeforeEach
  void seededWorkload() {
    Random random = new Random(18);
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      for (int i = 0; i < 40; i++) {
        String key = "chip-" + random.nextInt(KEYS);
        boolean delete = values.containsKey(key) && random.nextInt(4) == 0;
        String value = "owner=org-" + random.nextInt(5);
        Committed tx =
            delete
                ? fab.submit("testkv:Delete", List.of(key))
                : fab.submit("testkv:Put", List.of(key, value));
        String version = (delete ? "<deleted>" : value) + "@" + tx.txId();
        StringBuilder history = histories.computeIfAbsent(key, k -> new StringBuilder());
        history.append(history.length() == 0 ? "" : ",").append(version);
        if (delete) {
          values.remove(key);
        } else {
          values.put(key, value);
        }
      }
      replay = EmbeddedLedger.sign(consortium.fab, "testkv:Put", List.of("chip-x", "late"));
      ledger.submit(replay);
      values.put("chip-x", "late");
      histories.put("chip-x", new StringBuilder("late@" + Admission.parse(replay).getTxId()));
    }
  }

  @Test
  void aDeletedStateStoreIsRebuiltFromTheLog() throws IOException {
    StateStore.delete(dir.resolve("state"));

    assertRefusedUntilRebuilt();
  }

  @Test
  void aGarbledStateStoreIsRebuiltFromTheLog() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("state"))) {
      for (Path file : files.toList()) {
        Files.write(file, "not a RocksDB file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }

    assertRefusedUntilRebuilt();
  }

  @Test
  void aCorruptBlockIsReportedWithItsNumberAndNothingIsTruncated() throws Exception {
    byte[] garbage = {(byte) 0xff, 0x01, 0x02};
    RawRocks.put(dir, "txs", new TxPosition(7, 0).bytes(), garbage);

    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir)) {
      VerifyReport report = ledger.verify();
      assertThat(report.ok()).isFalse();
      assertThat(report.problem()).contains("block 7");
      assertThat(report.blocks()).isEqualTo(7);
    }
    assertThatThrownBy(() -> EmbeddedLedger.rebuildState(dir))
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BLOCK_LOG_CORRUPT))
        .hasMessageContaining("block 7")
        .hasMessageContaining("nothing truncated");
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(ChainTip.read(store, new org.rocksdb.ReadOptions()).height()).isEqualTo(42);
      assertThat(store.get(store.txs, new TxPosition(7, 0).bytes())).isEqualTo(garbage);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("log", "state", NodeKey.FILE);
    }
  }

  private void assertRefusedUntilRebuilt() {
    assertThatThrownBy(() -> EmbeddedLedger.open(dir).close())
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE))
        .hasMessageContaining("rebuild-state");

    RebuildReport rebuilt = EmbeddedLedger.rebuildState(dir);

    assertThat(rebuilt.blocks()).isEqualTo(42);
    assertThat(rebuilt.transactions()).isEqualTo(41);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      for (int k = 0; k < KEYS; k++) {
        String key = "chip-" + k;
        assertThat(EmbeddedLedgerTest.text(fab.evaluate("testkv:Get", List.of(key))))
            .as(key)
            .isEqualTo(values.getOrDefault(key, ""));
        assertThat(EmbeddedLedgerTest.text(fab.evaluate("testkv:History", List.of(key))))
            .as("history of " + key)
            .isEqualTo(histories.getOrDefault(key, new StringBuilder()).toString());
      }
      assertThatThrownBy(() -> ledger.submit(replay))
          .isInstanceOfSatisfying(
              LedgerException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_TRANSACTION));
      assertThat(ledger.verify().ok()).as(ledger.verify().problem()).isTrue();
    }
  }
}
