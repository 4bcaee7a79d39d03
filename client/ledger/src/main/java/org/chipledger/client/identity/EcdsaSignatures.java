package org.chipledger.client.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * SHA256withECDSA through Bouncy Castle in the form Fabric accepts: DER-encoded and low-S (s at
 * most half the group order), which makes each signature unique and is what peers insist on.
 */
public final class EcdsaSignatures {
  static final String ALGORITHM = "SHA256withECDSA";

  private EcdsaSignatures() {}

  public static byte[] sign(PrivateKey key, byte[] message) {
    BigInteger order = order(key);
    try {
      Signature signer = Signature.getInstance(ALGORITHM, BouncyCastle.provider());
      signer.initSign(key);
      signer.update(message);
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(order, signer.sign());
      if (rs[1].compareTo(order.shiftRight(1)) <= 0) {
        return StandardDSAEncoding.INSTANCE.encode(order, rs[0], rs[1]);
      }
      return StandardDSAEncoding.INSTANCE.encode(order, rs[0], order.subtract(rs[1]));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("ECDSA signing failed: " + e.getMessage(), e);
    }
  }

  /** False for anything but a valid low-S DER signature by this key. */
  public static boolean verify(PublicKey key, byte[] message, byte[] derSignature) {
    try {
      BigInteger order = order(key);
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(order, derSignature);
      if (rs[1].compareTo(order.shiftRight(1)) > 0) {
        return false;
      }
      Signature verifier = Signature.getInstance(ALGORITHM, BouncyCastle.provider());
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(derSignature);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      // Malformed DER or a non-EC key: a bad signature, not a crash.
      return false;
    }
  }

  private static BigInteger order(Object key) {
    if (!(key instanceof ECKey ec)) {
      throw new IllegalArgumentException("not an EC key: " + key.getClass().getSimpleName());
    }
    return ec.getParams().getOrder();
  }
}
