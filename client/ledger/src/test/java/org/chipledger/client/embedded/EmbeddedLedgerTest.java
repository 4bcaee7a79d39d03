package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedLedgerTest {
  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path dir;

  @Test
  void committedStateHistoryBlocksAndEventsSurviveReopening() {
    Committed first;
    Committed second;
    Committed event;
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      first = fab.submit("testkv:Put", List.of("chip-1", "v1"));
      second = fab.submit("testkv:Put", List.of("chip-1", "v2"));
      event = fab.submit("testkv:Event", List.of("ChipsRegistered", "lot-7"));
      assertThat(ledger.height()).isEqualTo(4);
    }

    assertThat(EmbeddedLedger.exists(dir)).isTrue();
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      assertThat(ledger.height()).isEqualTo(4);
      assertThat(text(fab.evaluate("testkv:Get", List.of("chip-1")))).isEqualTo("v2");
      assertThat(text(fab.evaluate("testkv:History", List.of("chip-1"))))
          .isEqualTo("v1@" + first.txId() + ",v2@" + second.txId());
      assertThat(ledger.events(0, 10))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.name()).isEqualTo("ChipsRegistered");
                assertThat(e.txId()).isEqualTo(event.txId());
                assertThat(e.block()).isEqualTo(event.blockNumber());
                assertThat(text(e.payload())).isEqualTo("lot-7");
              });
      Committed afterReopen = fab.submit("testkv:Put", List.of("chip-2", "v"));
      assertThat(afterReopen.blockNumber()).isEqualTo(4);
      assertThat(ledger.verify().ok()).isTrue();
    }
  }

  @Test
  void committedReturnsTheContractPayloadAndBlock() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Committed committed = ledger.connect(consortium.fab).submit("testkv:Increment", List.of("n"));
      assertThat(text(committed.payload())).isEqualTo("1");
      assertThat(committed.blockNumber()).isEqualTo(1);
      assertThat(ledger.isCommitted(committed.txId())).isTrue();
    }
  }

  @Test
  void aRejectedTransactionChangesNothing() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      fab.submit("testkv:Put", List.of("k", "before"));
      long height = ledger.height();

      assertThatThrownBy(() -> fab.submit("testkv:Fail", List.of("CHIP_NOT_FOUND", "no chip X")))
          .isInstanceOfSatisfying(
              LedgerException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CHIP_NOT_FOUND);
                assertThat(e.getMessage()).isEqualTo("CHIP_NOT_FOUND: no chip X");
              });

      assertThat(ledger.height()).isEqualTo(height);
      assertThat(text(fab.evaluate("testkv:Get", List.of("fail-marker")))).isEmpty();
      assertThat(text(fab.evaluate("testkv:Get", List.of("k")))).isEqualTo("before");
      assertThat(ledger.events(0, 10)).isEmpty();
    }
  }

  @Test
  void unknownFunctionsAndWrongArgumentsAreReportedWithTheirCodes() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      assertThatThrownBy(() -> fab.submit("testkv:NoSuchFunction", List.of()))
          .isInstanceOfSatisfying(
              LedgerException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FUNCTION));
      assertThatThrownBy(() -> fab.submit("testkv:Put", List.of("only-a-key")))
          .isInstanceOfSatisfying(
              LedgerException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_ARGUMENT));
      assertThat(ledger.height()).isEqualTo(1);
    }
  }

  @Test
  void evaluateRunsAgainstCommittedStateAndRecordsNothing() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      fab.submit("testkv:Put", List.of("counter", "41"));

      assertThat(text(fab.evaluate("testkv:Increment", List.of("counter")))).isEqualTo("42");

      assertThat(text(fab.evaluate("testkv:Get", List.of("counter")))).isEqualTo("41");
      assertThat(ledger.height()).isEqualTo(2);
    }
  }

  @Test
  void theContractSeesTheCallerTheChannelAndTheProposalTime() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      String[] who =
          text(ledger.connect(consortium.fab).evaluate("testkv:Whoami", List.of())).split("/", -1);
      assertThat(who[0]).isEqualTo(TestConsortium.MSP);
      assertThat(who[1]).isEqualTo("fab");
      assertThat(who[2]).isEqualTo("treaty");
      assertThat(Long.parseLong(who[3])).isPositive();
    }
  }

  @Test
  void subscribersGetPastEventsThenNewOnesInOrder() throws InterruptedException {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      fab.submit("testkv:Event", List.of("A", "1"));
      BlockingQueue<CommittedEvent> received = new LinkedBlockingQueue<>();
      try (Subscription subscription = ledger.subscribe(0, received::add)) {
        fab.submit("testkv:Event", List.of("B", "2"));
        fab.submit("testkv:Put", List.of("no", "event"));
        fab.submit("testkv:Event", List.of("C", "3"));

        assertThat(received.poll(30, TimeUnit.SECONDS).name()).isEqualTo("A");
        assertThat(received.poll(30, TimeUnit.SECONDS).name()).isEqualTo("B");
        assertThat(received.poll(30, TimeUnit.SECONDS).name()).isEqualTo("C");
      }
    }
  }

  @Test
  void onlyTheLastEventOfATransactionIsKept() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      ledger.connect(consortium.fab).submit("testkv:Event", List.of("Kept", "x"));
      assertThat(ledger.events(1, 10)).extracting(CommittedEvent::name).containsExactly("Kept");
    }
  }

  @Test
  void createRefusesAnExistingLedgerAndOpenRefusesAMissingOne() {
    consortium.create(dir).close();
    assertThatThrownBy(() -> consortium.create(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already exists");
    Path empty = dir.resolve("nothing-here");
    assertThat(EmbeddedLedger.exists(empty)).isFalse();
    assertThatThrownBy(() -> EmbeddedLedger.open(empty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no ledger");
  }

  @Test
  void aGenesisWithoutTrustedMspsIsRefused() {
    assertThatThrownBy(() -> EmbeddedLedger.create(dir, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one trusted MSP");
    assertThat(EmbeddedLedger.exists(dir)).isFalse();
  }

  @Test
  void aClosedLedgerRejectsWork() {
    EmbeddedLedger ledger = consortium.create(dir);
    Ledger fab = ledger.connect(consortium.fab);
    ledger.close();
    assertThatThrownBy(() -> fab.submit("testkv:Put", List.of("k", "v")))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE));
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
