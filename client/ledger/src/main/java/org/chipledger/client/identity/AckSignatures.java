package org.chipledger.client.identity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/**
 * The snapshot agent's signature on each acknowledgement, and the chip's check of it: a chip moves
 * its acknowledged cursor only for an ack that the agent key it was given signed, so a party in the
 * middle (or a lying relay) cannot make a chip forget records that are not durable.
 */
public final class AckSignatures {
  private static final byte[] DOMAIN =
      "chipledger/snapshot-ack/v1\0".getBytes(StandardCharsets.US_ASCII);

  private AckSignatures() {}

  /** {@code ack} with the agent's signature over everything else in it. */
  public static SubmitAck sign(SubmitAck ack, PrivateKey agentKey) {
    return ack.toBuilder()
        .setAgentSignature(
            com.google.protobuf.ByteString.copyFrom(EcdsaSignatures.sign(agentKey, message(ack))))
        .build();
  }

  /** True only if {@code ack} carries a valid signature by {@code agentKey}. */
  public static boolean verify(SubmitAck ack, PublicKey agentKey) {
    if (ack.getAgentSignature().isEmpty()) {
      return false;
    }
    return EcdsaSignatures.verify(agentKey, message(ack), ack.getAgentSignature().toByteArray());
  }

  private static byte[] message(SubmitAck ack) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(DOMAIN);
    out.writeBytes(ack.toBuilder().clearAgentSignature().build().toByteArray());
    return out.toByteArray();
  }

  /** The agent's signing key: a PKCS#8 (or SEC1) PEM file, such as its TLS {@code key.pem}. */
  public static PrivateKey privateKey(Path pem) {
    return Pem.parsePrivateKey(Pem.read(pem));
  }

  /** The agent's public key from a PEM certificate (its TLS {@code cert.pem}). */
  public static PublicKey publicKey(Path certificatePem) {
    return Pem.parseCertificate(Pem.read(certificatePem)).getPublicKey();
  }
}
