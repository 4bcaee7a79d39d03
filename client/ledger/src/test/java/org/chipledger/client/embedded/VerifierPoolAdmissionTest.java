package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.VerifierPool;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded ledger verifies on its pool: forgeries in a crowd, floods and ordering. */
class VerifierPoolAdmissionTest {
  private static final int HONEST = 300;
  private static final int FORGED = 12;

  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path dir;

  @Test
  void forgeriesInALargeConcurrentBatchAreRefusedAndTheHonestOnesAroundThemCommit()
      throws Exception {
    Identity impostor =
        CertificateAuthority.create(TestConsortium.MSP, "ca.tw.example")
            .issue("fab-user", Map.of());
    List<SignedTx> batch = new ArrayList<>();
    List<Boolean> isForged = new ArrayList<>();
    for (int i = 0; i < HONEST + FORGED; i++) {
      boolean forge = i % ((HONEST + FORGED) / FORGED) == 7;
      SignedTx genuine =
          Proposals.signed(
              consortium.fab, "testkv:Put", List.of((forge ? "forged-" : "honest-") + i, "v"));
      batch.add(
          forge
              ? genuine.toBuilder()
                  .setSignature(
                      ByteString.copyFrom(impostor.sign(genuine.getProposal().toByteArray())))
                  .build()
              : genuine);
      isForged.add(forge);
    }
    long forgedCount = isForged.stream().filter(f -> f).count();
    ExecutorService submitters = Executors.newFixedThreadPool(32);
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      List<Future<ErrorCode>> outcomes = new ArrayList<>();
      for (SignedTx tx : batch) {
        outcomes.add(
            submitters.submit(
                () -> {
                  try {
                    ledger.submit(tx);
                    return null;
                  } catch (LedgerException e) {
                    return e.code();
                  }
                }));
      }
      for (int i = 0; i < batch.size(); i++) {
        assertThat(outcomes.get(i).get(1, TimeUnit.MINUTES))
            .as("transaction %d", i)
            .isEqualTo(isForged.get(i) ? ErrorCode.BAD_SIGNATURE : null);
      }
      var fab = ledger.connect(consortium.fab);
      assertThat(
              EmbeddedLedgerTest.text(
                  fab.evaluate("testkv:RangeCount", List.of("forged-", "forged."))))
          .isEqualTo("0");
      assertThat(
              EmbeddedLedgerTest.text(
                  fab.evaluate("testkv:RangeCount", List.of("honest-", "honest."))))
          .isEqualTo(Long.toString(HONEST + FORGED - forgedCount));
      VerifyReport report = ledger.verify();
      assertThat(report.ok()).as(report.problem()).isTrue();
      assertThat(report.transactions()).isEqualTo(HONEST + FORGED - forgedCount);
    } finally {
      submitters.shutdownNow();
    }
    assertThat(forgedCount).isEqualTo(FORGED);
  }

  @Test
  void aFloodBeyondTheQueueIsRefusedAsBusyAndChangesNothing() throws Exception {
    VerifierPool tiny = new VerifierPool("test-verify", 1, 1);
    CountDownLatch hold = new CountDownLatch(1);
    ExecutorService submitters = Executors.newFixedThreadPool(1);
    try (EmbeddedLedger ledger =
        EmbeddedLedger.create(
            dir,
            Map.of(TestConsortium.MSP, consortium.ca.certificatePem()),
            BlockCommitment.SIGNED_STATE,
            tiny)) {
      // The pool's one thread is busy and its one queue slot taken: the next check has no room.
      var busy = tiny.submit(() -> await(hold));
      Future<?> queued =
          submitters.submit(
              () ->
                  ledger.submit(Proposals.signed(consortium.fab, "testkv:Put", List.of("a", "1"))));
      while (tiny.backlog() < 2) {
        Thread.sleep(5);
      }
      SignedTx flood = Proposals.signed(consortium.fab, "testkv:Put", List.of("b", "2"));
      assertThatThrownBy(() -> ledger.submit(flood))
          .isInstanceOfSatisfying(
              LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_BUSY));
      assertThat(ledger.height()).isEqualTo(1);

      hold.countDown();
      busy.get(1, TimeUnit.MINUTES);
      queued.get(1, TimeUnit.MINUTES);
      assertThat(ledger.isCommitted(Admission.parse(flood).getTxId())).isFalse();
      // Refused for room, not for content: the same envelope commits once there is room.
      ledger.submit(flood);
      assertThat(ledger.height()).isEqualTo(3);
    } finally {
      hold.countDown();
      submitters.shutdownNow();
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
