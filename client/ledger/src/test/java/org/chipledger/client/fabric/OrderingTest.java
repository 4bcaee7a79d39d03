package org.chipledger.client.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/**
 * The BFT gateway may answer "insufficient number of orderers" for a transaction a quorum did
 * order. These tests play that gateway: a committed transaction must be reported committed, and a
 * transaction must never be sent under a new id (which would apply the rules twice).
 */
class OrderingTest {
  private static final String TX = "tx-1";
  private static final String QUORUM_LOST =
      "insufficient number of orderers could successfully process transaction to satisfy quorum"
          + " requirement";

  @Test
  void aTransactionTheOrderersTookDespiteUnavailableIsReportedCommittedAndSentOnce()
      throws Exception {
    FakeTransaction transaction = new FakeTransaction(unavailable());
    FakeLookup lookup = new FakeLookup(Optional.of(committed(7)));

    Ordering.Ordered ordered =
        new Ordering(lookup, Duration.ofSeconds(1), 2).order("ProposeTransfer", transaction);

    assertThat(ordered.status().isSuccessful()).isTrue();
    assertThat(ordered.status().getBlockNumber()).isEqualTo(7);
    assertThat(transaction.sends).isEqualTo(1);
    assertThat(lookup.asked).containsExactly(TX);
  }

  @Test
  void withNoStatusTheSameEnvelopeIsSentAgainNeverANewOne() throws Exception {
    FakeTransaction transaction = new FakeTransaction(unavailable(), null);
    FakeLookup lookup = new FakeLookup(Optional.empty());

    Ordering.Ordered ordered =
        new Ordering(lookup, Duration.ofSeconds(1), 2).order("ProposeTransfer", transaction);

    assertThat(transaction.sends).isEqualTo(2);
    assertThat(ordered.status().getTransactionId()).isEqualTo(TX);
    assertThat(lookup.asked).containsExactly(TX);
  }

  @Test
  void whenNothingEverCommitsTheCallerGetsLedgerUnavailableNamingTheTransaction() {
    FakeTransaction transaction = new FakeTransaction(unavailable(), unavailable(), unavailable());
    FakeLookup lookup = new FakeLookup(Optional.empty());
    Ordering ordering = new Ordering(lookup, Duration.ofSeconds(3), 2);

    assertThatThrownBy(() -> ordering.order("ProposeTransfer", transaction))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE))
        .hasMessageContaining(TX)
        .hasMessageContaining("3 sends")
        .hasMessageContaining(QUORUM_LOST);
    assertThat(transaction.sends).isEqualTo(3);
    assertThat(lookup.asked).hasSize(3);
  }

  @Test
  void aRefusalThatIsNotAboutAvailabilityIsNotRetried() {
    SubmitException denied =
        new SubmitException(
            TX,
            io.grpc.Status.PERMISSION_DENIED.withDescription("access denied").asRuntimeException());
    FakeTransaction transaction = new FakeTransaction(denied);
    FakeLookup lookup = new FakeLookup(Optional.of(committed(1)));

    assertThatThrownBy(() -> new Ordering(lookup, Duration.ofSeconds(1), 2).order("X", transaction))
        .isSameAs(denied);
    assertThat(transaction.sends).isEqualTo(1);
    assertThat(lookup.asked).isEmpty();
  }

  private static SubmitException unavailable() {
    return new SubmitException(
        TX, io.grpc.Status.UNAVAILABLE.withDescription(QUORUM_LOST).asRuntimeException());
  }

  private static Ordering.Ordered committed(long block) {
    return new Ordering.Ordered(new FakeStatus(block), new byte[] {1});
  }

  /** Answers every commit status lookup the same way, and records what was asked. */
  private static final class FakeLookup implements Ordering.CommitLookup {
    private final Optional<Ordering.Ordered> answer;
    final List<String> asked = new ArrayList<>();

    FakeLookup(Optional<Ordering.Ordered> answer) {
      this.answer = answer;
    }

    @Override
    public Optional<Ordering.Ordered> await(String transactionId, Duration wait) {
      asked.add(transactionId);
      return answer;
    }
  }

  private record FakeStatus(long block) implements Status {
    @Override
    public String getTransactionId() {
      return TX;
    }

    @Override
    public long getBlockNumber() {
      return block;
    }

    @Override
    public TxValidationCode getCode() {
      return TxValidationCode.VALID;
    }

    @Override
    public boolean isSuccessful() {
      return true;
    }
  }

  /** Fails its sends with the given exceptions in turn; a null entry is a send that succeeds. */
  private static final class FakeTransaction implements Transaction {
    private final Deque<Optional<SubmitException>> outcomes = new ArrayDeque<>();
    int sends;

    FakeTransaction(SubmitException... failures) {
      for (SubmitException failure : failures) {
        outcomes.add(Optional.ofNullable(failure));
      }
    }

    @Override
    public SubmittedTransaction submitAsync(UnaryOperator<CallOptions> options)
        throws SubmitException {
      sends++;
      Optional<SubmitException> outcome = outcomes.isEmpty() ? Optional.empty() : outcomes.poll();
      if (outcome.isPresent()) {
        throw outcome.get();
      }
      return new FakeSubmitted();
    }

    @Override
    public byte[] submit(UnaryOperator<CallOptions> options) {
      throw new AssertionError("Ordering must submit asynchronously");
    }

    @Override
    public byte[] getResult() {
      return "result".getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String getTransactionId() {
      return TX;
    }

    @Override
    public byte[] getBytes() {
      return new byte[] {2};
    }

    @Override
    public byte[] getDigest() {
      return new byte[] {3};
    }
  }

  private static final class FakeSubmitted implements SubmittedTransaction {
    @Override
    public byte[] getResult() {
      return new byte[0];
    }

    @Override
    public String getTransactionId() {
      return TX;
    }

    @Override
    public Status getStatus(UnaryOperator<CallOptions> options) {
      return new FakeStatus(9);
    }

    @Override
    public byte[] getBytes() {
      return new byte[] {4};
    }

    @Override
    public byte[] getDigest() {
      return new byte[] {5};
    }
  }
}
