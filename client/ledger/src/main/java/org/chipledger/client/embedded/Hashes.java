package org.chipledger.client.embedded;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the chain's only hash. */
final class Hashes {
  private Hashes() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static byte[] sha256(byte[] data) {
    return sha256().digest(data);
  }
}
