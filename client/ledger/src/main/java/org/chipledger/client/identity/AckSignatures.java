package org.chipledger.client.identity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
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

  /**
   * The agent's public ack key from a PEM file: its TLS certificate ({@code cert.pem}) when it
   * signs with its TLS key, or the "PUBLIC KEY" of a separate {@code --ack-key}. Only a P-256 key
   * fits.
   */
  public static PublicKey publicKey(Path pem) {
    PublicKey key = Pem.parsePublicKey(Pem.read(pem));
    if (!(key instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException(
          pem + " holds no P-256 public key: ack keys are ECDSA P-256");
    }
    return key;
  }

  /** {@code key} as a PEM "PUBLIC KEY" block, the form {@link #publicKey(Path)} reads. */
  public static String publicKeyPem(PublicKey key) {
    return Pem.publicKey(key);
  }
}
