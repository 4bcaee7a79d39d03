package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 14: a proposal's timestamp, which the rules read as the transaction's time, must
 * lie within the skew window (default 15 minutes, as Fabric peers' timewindow) of the embedded
 * ledger's clock.
 *
 * <p>Attack (passed before the fix): a member signs a proposal dated a year back, say to place a
 * loss report in a closed period. Admission checked its certificate at the ledger's clock and
 * committed it; {@code admin verify} checks the certificate at the proposal's time, when it was not
 * yet valid, so one old timestamp made the whole chain fail verification ("... is not valid before
 * ...") for good.
 */
class ProposalTimeTest {
  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path dir;

  private SignedTx putAt(Instant at) {
    return Proposals.signed(consortium.fab, "testkv:Put", List.of("k", "v"), at);
  }

  @Test
  void aBackdatedProposalIsRefusedAndVerifyStillPasses() {
    SignedTx backdated = putAt(Instant.now().minus(Duration.ofDays(365)));
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(() -> ledger.submit(backdated), ErrorCode.PROPOSAL_TIME_SKEW);
      assertThat(ledger.height()).isEqualTo(1);
      ledger.submit(putAt(Instant.now()));
      assertThat(ledger.verify().ok()).isTrue();
    }
  }

  @Test
  void aProposalDatedTheFutureIsRefused() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(
          () -> ledger.submit(putAt(Instant.now().plus(Duration.ofHours(1)))),
          ErrorCode.PROPOSAL_TIME_SKEW);
      assertRejected(
          () -> ledger.evaluate(putAt(Instant.now().minus(Duration.ofHours(1)))),
          ErrorCode.PROPOSAL_TIME_SKEW);
      assertThat(ledger.height()).isEqualTo(1);
    }
  }

  @Test
  void aClockSkewWithinTheWindowIsAccepted() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      // The test certificates are valid from five minutes ago.
      ledger.submit(putAt(Instant.now().minus(Duration.ofMinutes(4))));
      ledger.submit(putAt(Instant.now().plus(Duration.ofMinutes(10))));
      assertThat(ledger.height()).isEqualTo(3);
      assertThat(ledger.verify().ok()).isTrue();
    }
  }

  @Test
  void aProposalDatedBeforeItsCertificateIsRefusedAsVerifyWouldRefuseIt() {
    // Within the window, but before the certificate's notBefore: admission now checks the
    // certificate at the proposal's time as well, exactly as admin verify does.
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      assertRejected(
          () -> ledger.submit(putAt(Instant.now().minus(Duration.ofMinutes(10)))),
          ErrorCode.UNTRUSTED_IDENTITY);
      assertThat(ledger.height()).isEqualTo(1);
      assertThat(ledger.verify().ok()).isTrue();
    }
  }

  private static void assertRejected(Runnable call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
