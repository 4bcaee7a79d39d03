package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every JDK has. */
final class Hashing {
  private Hashing() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /** The record hash: SHA-256 of the exact record bytes. */
  static ByteString sha256(ByteString bytes) {
    MessageDigest digest = sha256();
    for (ByteBuffer chunk : bytes.asReadOnlyByteBufferList()) {
      digest.update(chunk);
    }
    return ByteString.copyFrom(digest.digest());
  }
}
