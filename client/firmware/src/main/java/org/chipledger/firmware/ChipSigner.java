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
  private final ChipToken.Handle token;

  /** Takes {@code key} if it is a P-256 key; anything else is refused, never used. */
  public ChipSigner(PrivateKey key) {
    this(checked(key), null);
  }

  /** A signer whose key stays in a PKCS#11 token: every signature is made inside the token. */
  ChipSigner(ChipToken.Handle token) {
    this(null, token);
  }

  private ChipSigner(ECPrivateKey key, ChipToken.Handle token) {
    this.key = key;
    this.token = token;
  }

  /** Whether the key was made inside a token and never leaves it. */
  public boolean inToken() {
    return token != null;
  }

  private static ECPrivateKey checked(PrivateKey key) {
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
    return ec;
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

  /**
   * A 32-byte key for {@code purpose} that only this chip can compute: HMAC-SHA256 keyed with the
   * private scalar. The firmware seals its NVRAM secrets with it; it never leaves the firmware.
   */
  byte[] sealingKey(String purpose) {
    if (token != null) {
      return token.hmac(purpose.getBytes(StandardCharsets.UTF_8));
    }
    byte[] scalar = new byte[32];
    byte[] s = key.getS().toByteArray();
    int n = Math.min(s.length, 32);
    System.arraycopy(s, s.length - n, scalar, 32 - n, n);
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(scalar, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    } finally {
      java.util.Arrays.fill(scalar, (byte) 0);
    }
  }

  /** Signs {@code message} (Bouncy Castle); DER with s at most half the group order. */
  public byte[] sign(byte[] message) {
    if (token != null) {
      return lowS(token.sign(message));
    }
    return EcdsaSignatures.sign(key, message);
  }

  /** The token's DER signature with s at most half the order, as verifiers that insist expect. */
  private static byte[] lowS(byte[] der) {
    return org.chipledger.client.identity.TokenKeys.lowS(der, P256.getOrder());
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
