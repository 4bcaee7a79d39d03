package org.chipledger.client.identity;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * SHA256withECDSA in the form Fabric accepts: DER-encoded and low-S (s at most half the group
 * order), which makes each signature unique and is what peers insist on. The work is done by {@link
 * SignatureService}: a native provider where one loads and passes its self-test.
 */
public final class EcdsaSignatures {
  static final String ALGORITHM = "SHA256withECDSA";

  private EcdsaSignatures() {}

  public static byte[] sign(PrivateKey key, byte[] message) {
    return SignatureService.get().sign(key, message);
  }

  /** False for anything but a valid low-S DER signature by this key. */
  public static boolean verify(PublicKey key, byte[] message, byte[] derSignature) {
    return SignatureService.get().verifyLowS(key, message, derSignature);
  }
}
