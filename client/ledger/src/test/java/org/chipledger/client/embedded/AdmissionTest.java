package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.membership.MembershipKeys;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Envelopes that must be turned away before they run, each with its own code. */
class AdmissionTest {
  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path dir;

  @Test
  void aForgedSignatureIsRejected() {
    Identity impostor =
        CertificateAuthority.create(TestConsortium.MSP, "ca.tw.example")
            .issue("fab-user", Map.of());
    SignedTx genuine = Proposals.signed(consortium.fab, "testkv:Put", List.of("k", "v"));
    SignedTx forged =
        genuine.toBuilder()
            .setSignature(ByteString.copyFrom(impostor.sign(genuine.getProposal().toByteArray())))
            .build();

    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(() -> ledger.submit(forged), ErrorCode.BAD_SIGNATURE);
      assertRejected(() -> ledger.evaluate(forged), ErrorCode.BAD_SIGNATURE);
      assertThat(ledger.height()).isEqualTo(1);
    }
  }

  @Test
  void aProposalChangedAfterSigningIsRejected() {
    SignedTx genuine = Proposals.signed(consortium.fab, "testkv:Put", List.of("k", "v"));
    TxProposal changed = Admission.parse(genuine).toBuilder().setArgs(1, "stolen").build();
    SignedTx tampered = genuine.toBuilder().setProposal(changed.toByteString()).build();

    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(() -> ledger.submit(tampered), ErrorCode.BAD_SIGNATURE);
    }
  }

  @Test
  void aCertificateFromAnUntrustedCaIsRejected() {
    Identity outsider =
        CertificateAuthority.create(TestConsortium.MSP, "rogue-ca")
            .issue("mallory", Map.of("role", "fab"));
    Identity unknownMsp = CertificateAuthority.create("XXMSP", "ca.xx").issue("xavier", Map.of());

    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(
          () -> ledger.connect(outsider).submit("testkv:Put", List.of("k", "v")),
          ErrorCode.UNTRUSTED_IDENTITY);
      assertRejected(
          () -> ledger.connect(unknownMsp).submit("testkv:Put", List.of("k", "v")),
          ErrorCode.UNTRUSTED_IDENTITY);
      assertRejected(
          () -> ledger.connect(outsider).evaluate("testkv:Get", List.of("k")),
          ErrorCode.UNTRUSTED_IDENTITY);
      assertThat(ledger.height()).isEqualTo(1);
    }
  }

  @Test
  void anMspRegisteredInWorldStateIsTrustedFromThen() {
    CertificateAuthority newCa = CertificateAuthority.create("NLMSP", "ca.nl");
    Identity newcomer = newCa.issue("nl-user", Map.of("role", "customs"));

    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(
          () -> ledger.connect(newcomer).submit("testkv:Put", List.of("k", "v")),
          ErrorCode.UNTRUSTED_IDENTITY);
      ledger
          .connect(consortium.fab)
          .submit("testkv:Put", List.of(MembershipKeys.mspRootCa("NLMSP"), newCa.certificatePem()));

      ledger.connect(newcomer).submit("testkv:Put", List.of("k", "from NL"));

      assertThat(ledger.verify().ok()).isTrue();
    }
  }

  @Test
  void aReplayedTransactionIsRejected() {
    SignedTx tx = Proposals.signed(consortium.fab, "testkv:Increment", List.of("n"));
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      ledger.submit(tx);
      assertRejected(() -> ledger.submit(tx), ErrorCode.DUPLICATE_TRANSACTION);
      assertThat(ledger.height()).isEqualTo(2);
    }
  }

  @Test
  void concurrentCopiesOfOneTransactionCommitOnce() throws Exception {
    SignedTx tx = Proposals.signed(consortium.fab, "testkv:Increment", List.of("n"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      List<Callable<String>> copies = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        copies.add(
            () -> {
              try {
                ledger.submit(tx);
                return "committed";
              } catch (LedgerException e) {
                return e.code().name();
              }
            });
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> outcome : pool.invokeAll(copies)) {
        outcomes.add(outcome.get());
      }
      assertThat(outcomes).containsOnlyOnce("committed");
      assertThat(outcomes)
          .filteredOn(o -> !o.equals("committed"))
          .containsOnly("DUPLICATE_TRANSACTION");
      assertThat(
              EmbeddedLedgerTest.text(
                  ledger.connect(consortium.fab).evaluate("testkv:Get", List.of("n"))))
          .isEqualTo("1");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void garbageIsRejectedAsMalformed() {
    SignedTx garbage =
        SignedTx.newBuilder()
            .setProposal(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01, 0x02, 0x03}))
            .setSignature(ByteString.copyFromUtf8("not a signature"))
            .build();
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(() -> ledger.submit(garbage), ErrorCode.MALFORMED_ARGUMENT);
      assertRejected(
          () -> ledger.submit(SignedTx.getDefaultInstance()), ErrorCode.MALFORMED_ARGUMENT);
      assertThat(ledger.height()).isEqualTo(1);
    }
  }

  @Test
  void aTxIdNotDerivedFromNonceAndCreatorIsRejected() {
    SignedTx genuine = Proposals.signed(consortium.fab, "testkv:Put", List.of("k", "v"));
    TxProposal chosenId = Admission.parse(genuine).toBuilder().setTxId("my-own-id").build();
    byte[] proposal = chosenId.toByteArray();
    SignedTx tx =
        SignedTx.newBuilder()
            .setProposal(ByteString.copyFrom(proposal))
            .setSignature(ByteString.copyFrom(consortium.fab.sign(proposal)))
            .build();
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(() -> ledger.submit(tx), ErrorCode.MALFORMED_ARGUMENT);
    }
  }

  @Test
  void aCreatorThatIsNotACertificateIsUntrusted() {
    SignedTx genuine = Proposals.signed(consortium.fab, "testkv:Put", List.of("k", "v"));
    TxProposal original = Admission.parse(genuine);
    ByteString creator = ByteString.copyFrom("junk".getBytes(StandardCharsets.UTF_8));
    TxProposal proposal =
        original.toBuilder()
            .setCreator(creator)
            .setTxId(Proposals.txId(original.getNonce().toByteArray(), creator.toByteArray()))
            .build();
    SignedTx tx =
        SignedTx.newBuilder()
            .setProposal(proposal.toByteString())
            .setSignature(ByteString.copyFrom(consortium.fab.sign(proposal.toByteArray())))
            .build();
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(() -> ledger.submit(tx), ErrorCode.UNTRUSTED_IDENTITY);
    }
  }

  private static void assertRejected(Runnable call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
