package org.chipledger.client.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.Sha256;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * MSP validation for the embedded ledger: parses a transaction's creator, checks that its
 * certificate was issued by the MSP's root CA, and checks signatures. Thread-safe; positive chain
 * checks and parsed certificates are cached so that each certificate costs one verification.
 */
public final class TrustCheck {
  private static final int CACHE_CAPACITY = 10_000;

  private final BoundedCache<ByteBuffer, X509Certificate> creators =
      new BoundedCache<>(CACHE_CAPACITY);
  private final BoundedCache<String, X509Certificate> cas = new BoundedCache<>(CACHE_CAPACITY);
  private final BoundedCache<String, Boolean> issued = new BoundedCache<>(CACHE_CAPACITY);

  public TrustCheck() {
    BouncyCastle.provider();
  }

  /**
   * The certificate inside {@code msp.SerializedIdentity} bytes; UNTRUSTED_IDENTITY if unreadable.
   */
  public X509Certificate parseCreator(byte[] serializedIdentity) {
    ByteBuffer key = ByteBuffer.wrap(serializedIdentity.clone());
    X509Certificate cached = creators.get(key);
    if (cached != null) {
      return cached;
    }
    X509Certificate certificate;
    try {
      SerializedIdentity identity = SerializedIdentity.parseFrom(serializedIdentity);
      certificate = Pem.parseCertificate(identity.getIdBytes().toString(StandardCharsets.UTF_8));
    } catch (com.google.protobuf.InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new LedgerException(
          ErrorCode.UNTRUSTED_IDENTITY, "creator is not a serialized X.509 identity", e);
    }
    creators.put(key, certificate);
    return certificate;
  }

  /**
   * Requires that {@code leaf} is an end-entity certificate signed by the CA in {@code caPem} and
   * valid now; throws UNTRUSTED_IDENTITY otherwise.
   */
  public void requireIssuedBy(X509Certificate leaf, String caPem) {
    requireIssuedBy(leaf, caPem, Instant.now());
  }

  /**
   * As {@link #requireIssuedBy(X509Certificate, String)}, but checks validity at {@code at}: used
   * when re-verifying old transactions whose certificates have since expired.
   */
  public void requireIssuedBy(X509Certificate leaf, String caPem, Instant at) {
    X509Certificate ca = caCertificate(caPem);
    requireValidAt(leaf, at, "certificate " + leaf.getSubjectX500Principal());
    requireValidAt(ca, at, "CA certificate " + ca.getSubjectX500Principal());
    String pair = fingerprint(leaf) + "/" + fingerprint(ca);
    if (issued.get(pair) != null) {
      return;
    }
    if (leaf.getBasicConstraints() >= 0) {
      throw untrusted(
          "a CA certificate cannot sign transactions: " + leaf.getSubjectX500Principal());
    }
    if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      throw untrusted(
          leaf.getSubjectX500Principal()
              + " was issued by "
              + leaf.getIssuerX500Principal()
              + ", not by "
              + ca.getSubjectX500Principal());
    }
    try {
      leaf.verify(ca.getPublicKey(), BouncyCastle.provider());
    } catch (GeneralSecurityException e) {
      throw untrusted(
          leaf.getSubjectX500Principal() + " is not signed by " + ca.getSubjectX500Principal());
    }
    issued.put(pair, Boolean.TRUE);
  }

  /** SHA256withECDSA over {@code message}; false for any wrong, high-S or malformed signature. */
  public boolean verifySignature(X509Certificate cert, byte[] message, byte[] derSignature) {
    if (cert == null || message == null || derSignature == null) {
      return false;
    }
    return EcdsaSignatures.verify(cert.getPublicKey(), message, derSignature);
  }

  private X509Certificate caCertificate(String caPem) {
    try {
      return cas.computeIfAbsent(caPem, Pem::parseCertificate);
    } catch (IllegalArgumentException e) {
      throw new LedgerException(ErrorCode.UNTRUSTED_IDENTITY, "the MSP's root CA is unreadable", e);
    }
  }

  private static void requireValidAt(X509Certificate certificate, Instant at, String what) {
    try {
      certificate.checkValidity(Date.from(at));
    } catch (CertificateExpiredException e) {
      throw untrusted(what + " expired at " + certificate.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw untrusted(what + " is not valid before " + certificate.getNotBefore().toInstant());
    }
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      return Sha256.hex(Sha256.of(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint certificate: " + e.getMessage(), e);
    }
  }

  private static LedgerException untrusted(String detail) {
    return new LedgerException(ErrorCode.UNTRUSTED_IDENTITY, detail);
  }
}
