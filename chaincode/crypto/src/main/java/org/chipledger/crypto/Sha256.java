package org.chipledger.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256, the project's only hash, and the lower-case hex its digests are shown in. */
public final class Sha256 {
  /** Length of a digest in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private Sha256() {}

  /** A fresh digest, for callers that stream their input; every JDK must provide SHA-256. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** The digest of the concatenation of the parts; no parts is the digest of nothing. */
  public static byte[] of(byte[]... parts) {
    MessageDigest digest = newDigest();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  /** Lower-case hex of the bytes. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /**
   * Parses hex (either case) into exactly {@link #LENGTH} bytes.
   *
   * @throws IllegalArgumentException if the text is not 64 hex digits
   */
  public static byte[] parseDigest(String text) {
    byte[] bytes = parseHex(text);
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a SHA-256 digest has 64 hex digits, got " + text.length() + " characters");
    }
    return bytes;
  }

  /**
   * Parses hex of any even length, ignoring surrounding white space.
   *
   * @throws IllegalArgumentException if the text is not hex
   */
  public static byte[] parseHex(String text) {
    try {
      return HEX.parseHex(text.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex string: " + e.getMessage(), e);
    }
  }
}
