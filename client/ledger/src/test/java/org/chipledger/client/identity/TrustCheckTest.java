package org.chipledger.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.junit.jupiter.api.Test;

class TrustCheckTest {
  private final TrustCheck trust = new TrustCheck();
  private final CertificateAuthority ca = CertificateAuthority.create("TWMSP", "ca.tw");
  private final Identity alice = ca.issue("alice", Map.of("role", "fab"));

  @Test
  void parsesTheCreatorCertificate() {
    assertThat(trust.parseCreator(alice.serialized())).isEqualTo(alice.certificate());
    assertUntrusted(() -> trust.parseCreator("garbage".getBytes(StandardCharsets.UTF_8)));
    assertUntrusted(() -> trust.parseCreator(new byte[0]));
  }

  @Test
  void acceptsACertificateIssuedByTheCaRepeatedly() {
    trust.requireIssuedBy(alice.certificate(), ca.certificatePem());
    trust.requireIssuedBy(alice.certificate(), ca.certificatePem());
  }

  @Test
  void rejectsACertificateFromAnotherCaEvenWithTheSameName() {
    CertificateAuthority lookalike = CertificateAuthority.create("TWMSP", "ca.tw");
    Identity mallory = lookalike.issue("alice", Map.of("role", "fab"));

    assertUntrusted(() -> trust.requireIssuedBy(mallory.certificate(), ca.certificatePem()));
    assertUntrusted(
        () ->
            trust.requireIssuedBy(
                mallory.certificate(), CertificateAuthority.create("X", "other").certificatePem()));
  }

  @Test
  void rejectsCaCertificatesAsSigners() {
    assertUntrusted(() -> trust.requireIssuedBy(ca.certificate(), ca.certificatePem()));
  }

  @Test
  void rejectsAnExpiredCertificateButAcceptsItAtATimeItWasValid() {
    // Inside the CA's own validity, which starts five minutes before its creation.
    Instant issued = Instant.now().minus(Duration.ofMinutes(4));
    Identity expired = ca.issue("old", Map.of(), issued, issued.plus(Duration.ofMinutes(3)));

    assertThatThrownBy(() -> trust.requireIssuedBy(expired.certificate(), ca.certificatePem()))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNTRUSTED_IDENTITY))
        .hasMessageContaining("expired");
    trust.requireIssuedBy(
        expired.certificate(), ca.certificatePem(), issued.plus(Duration.ofMinutes(1)));
  }

  @Test
  void verifiesOnlyIntactLowSSignatures() {
    byte[] message = "proposal".getBytes(StandardCharsets.UTF_8);
    byte[] signature = alice.sign(message);

    assertThat(trust.verifySignature(alice.certificate(), message, signature)).isTrue();
    assertThat(
            trust.verifySignature(
                alice.certificate(), "proposal!".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
    byte[] flipped = signature.clone();
    flipped[flipped.length - 1] ^= 0x01;
    assertThat(trust.verifySignature(alice.certificate(), message, flipped)).isFalse();
    assertThat(trust.verifySignature(alice.certificate(), message, new byte[] {0x30, 0x02, 0x01}))
        .isFalse();
    assertThat(trust.verifySignature(alice.certificate(), message, new byte[0])).isFalse();
    assertThat(trust.verifySignature(ca.certificate(), message, signature)).isFalse();
  }

  private static void assertUntrusted(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNTRUSTED_IDENTITY));
  }
}
