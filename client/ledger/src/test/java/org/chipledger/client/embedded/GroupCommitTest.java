package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ReadOptions;

class GroupCommitTest {
  private static final int THREADS = 8;
  private static final int PER_THREAD = 500;

  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path dir;

  @Test
  void concurrentSubmittersAreAllCommittedSerially() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      List<Callable<List<Committed>>> submitters = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        submitters.add(
            () -> {
              List<Committed> mine = new ArrayList<>();
              for (int i = 0; i < PER_THREAD; i++) {
                mine.add(fab.submit("testkv:Increment", List.of("shared")));
                fab.submit("testkv:Put", List.of("own-" + thread + "-" + i, "x"));
              }
              return mine;
            });
      }
      Set<String> counterValues = new HashSet<>();
      Set<String> txIds = new HashSet<>();
      for (Future<List<Committed>> result : pool.invokeAll(submitters)) {
        for (Committed committed : result.get()) {
          counterValues.add(EmbeddedLedgerTest.text(committed.payload()));
          txIds.add(committed.txId());
        }
      }

      int total = THREADS * PER_THREAD;
      // Every increment saw every earlier one, whether in an earlier block or earlier in its own.
      assertThat(counterValues).hasSize(total);
      assertThat(EmbeddedLedgerTest.text(fab.evaluate("testkv:Get", List.of("shared"))))
          .isEqualTo(Integer.toString(total));
      assertThat(txIds).allMatch(ledger::isCommitted);
      assertThat(
              EmbeddedLedgerTest.text(fab.evaluate("testkv:RangeCount", List.of("own-", "own."))))
          .isEqualTo(Integer.toString(total));
      VerifyReport report = ledger.verify();
      assertThat(report.ok()).as(report.problem()).isTrue();
      assertThat(report.transactions()).isEqualTo(2L * total);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void laterTransactionsInABlockSeeEarlierWritesAndFailuresLeaveNoTrace() throws Exception {
    TrustCheck trust = new TrustCheck();
    consortium.create(dir).close();
    try (LedgerStore store = LedgerStore.open(dir);
        ReadOptions read = new ReadOptions();
        BlockBuilder block = new BlockBuilder(store, 1, read, null)) {
      Admission admission = new Admission(Genesis.read(store), store, trust);

      block.execute(admission.admit(tx("testkv:Put", "a", "1")));
      block.execute(admission.admit(tx("testkv:Put", "b", "2")));
      Committed increment = block.execute(admission.admit(tx("testkv:Increment", "a")));
      assertThatThrownBy(
              () -> block.execute(admission.admit(tx("testkv:Fail", "CHIP_NOT_FOUND", "x"))))
          .isInstanceOfSatisfying(
              LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHIP_NOT_FOUND));
      block.execute(admission.admit(tx("testkv:Delete", "b")));
      Committed count = block.execute(admission.admit(tx("testkv:RangeCount", "", "")));
      Committed marker = block.execute(admission.admit(tx("testkv:Get", "fail-marker")));

      assertThat(EmbeddedLedgerTest.text(increment.payload())).isEqualTo("2");
      assertThat(EmbeddedLedgerTest.text(count.payload())).isEqualTo("1");
      assertThat(EmbeddedLedgerTest.text(marker.payload())).isEmpty();
      assertThat(block.size()).isEqualTo(6);
      assertThat(store.get(store.state, StateKeys.encode("a"))).isNull();
    }
  }

  private SignedTx tx(String function, String... args) {
    return Proposals.signed(consortium.fab, function, List.of(args));
  }
}
