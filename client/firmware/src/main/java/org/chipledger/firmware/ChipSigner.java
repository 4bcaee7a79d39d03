package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.chipledger.client.identity.EcdsaSignatures;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/**
 * The chip's burnt-in signing key: SHA256withECDSA over P-256, DER-encoded and low-S, so that the
 * JDK verifies it and Fabric-style verifiers that insist on low-S accept it too.
 */
public final class ChipSigner {
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private static final ECParameterSpec P256 = p256();

  private final ECPrivateKey key;

  /** Takes {@code key} if it is a P-256 key; anything else is refused, never used. */
  public ChipSigner(PrivateKey key) {
    if (!(key instanceof ECPrivateKey ec)) {
      throw new IllegalArgumentException("a chip key is ECDSA P-256, not " + key.getAlgorithm());
    }
    if (!isP256(ec.getParams())) {
      // The ledger and the agent verify with P-256 only: another curve's records never verify.
      throw new IllegalArgumentException(
          "a chip key is ECDSA P-256, not a "
              + ec.getParams().getCurve().getField().getFieldSize()
              + "-bit curve of another kind");
    }
    this.key = ec;
  }

  private static boolean isP256(ECParameterSpec params) {
    ECParameterSpec p256 = P256;
    return params.getCurve().equals(p256.getCurve())
        && params.getGenerator().equals(p256.getGenerator())
        && params.getOrder().equals(p256.getOrder())
        && params.getCofactor() == p256.getCofactor();
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256 parameters", e);
    }
  }

  /** Reads the PKCS#8 PEM that {@code ChipKeys.writePrivateKey} writes. */
  public static ChipSigner load(Path pem) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IOException(pem + " holds no PKCS#8 private key (" + BEGIN + ")");
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
    try {
      return new ChipSigner(
          KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(pem + " is not a P-256 private key: " + e.getMessage(), e);
    }
  }

  /** Signs {@code message} (Bouncy Castle); DER with s at most half the group order. */
  public byte[] sign(byte[] message) {
    return EcdsaSignatures.sign(key, message);
  }

  /** The record as the chip emits it: its encoding with the chip's signature over that encoding. */
  public SignedSnapshotRecord signRecord(SnapshotRecord record) {
    byte[] bytes = record.toByteArray();
    return SignedSnapshotRecord.newBuilder()
        .setRecord(ByteString.copyFrom(bytes))
        .setSignature(ByteString.copyFrom(sign(bytes)))
        .build();
  }
}
