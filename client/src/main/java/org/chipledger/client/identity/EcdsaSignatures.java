package org.chipledger.client.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * SHA256withECDSA in the form Fabric accepts: DER-encoded and low-S (s at most half the group
 * order), which makes each signature unique and is what peers and orderers insist on.
 */
final class EcdsaSignatures {
  static final String ALGORITHM = "SHA256withECDSA";

  private EcdsaSignatures() {}

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM, BouncyCastle.provider());
      signer.initSign(key);
      signer.update(message);
      return toLowS(signer.sign(), order(key));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("ECDSA signing failed: " + e.getMessage(), e);
    }
  }

  /** False for anything but a valid low-S DER signature by this key. */
  static boolean verify(PublicKey key, byte[] message, byte[] derSignature) {
    try {
      if (!isLowS(derSignature, order(key))) {
        return false;
      }
      Signature verifier = Signature.getInstance(ALGORITHM, BouncyCastle.provider());
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(derSignature);
    } catch (GeneralSecurityException | RuntimeException e) {
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

  private static byte[] toLowS(byte[] der, BigInteger order) throws IOException {
    ASN1Sequence sequence = ASN1Sequence.getInstance(der);
    BigInteger r = ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue();
    BigInteger s = ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue();
    if (s.compareTo(order.shiftRight(1)) <= 0) {
      return der;
    }
    return new DERSequence(
            new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(order.subtract(s))})
        .getEncoded(ASN1Encoding.DER);
  }

  private static boolean isLowS(byte[] der, BigInteger order) {
    ASN1Sequence sequence = ASN1Sequence.getInstance(der);
    if (sequence.size() != 2) {
      return false;
    }
    BigInteger s = ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue();
    return s.signum() > 0 && s.compareTo(order.shiftRight(1)) <= 0;
  }
}
