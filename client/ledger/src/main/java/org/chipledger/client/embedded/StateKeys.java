package org.chipledger.client.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * World-state keys as stored: UTF-8 bytes, compared unsigned bytewise. That is Fabric's LevelDB
 * order; Java's String order (UTF-16) differs for characters in U+E000–U+FFFF.
 */
final class StateKeys {
  private StateKeys() {}

  /** UTF-8 bytes of a key; rejects unpaired surrogates, which UTF-8 cannot represent. */
  static byte[] encode(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "key is not valid UTF-8: unpaired surrogate at index " + i);
      }
    }
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static String decode(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  /** A key for messages: UTF-8 text, with control characters (composite-key 0x00) as \\uXXXX. */
  static String printable(byte[] key) {
    StringBuilder text = new StringBuilder();
    decode(key)
        .codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                text.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
              } else {
                text.appendCodePoint(c);
              }
            });
    return text.toString();
  }

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /**
   * History entries are {@code stateKey 0x00 position}. State keys may contain 0x00 themselves
   * (composite keys), so an entry belongs to a key only if it also has exactly the expected length.
   */
  static byte[] historyKey(byte[] stateKey, TxPosition position) {
    byte[] key = Arrays.copyOf(stateKey, stateKey.length + 1 + TxPosition.BYTES);
    System.arraycopy(position.bytes(), 0, key, stateKey.length + 1, TxPosition.BYTES);
    return key;
  }

  static byte[] historyPrefix(byte[] stateKey) {
    return Arrays.copyOf(stateKey, stateKey.length + 1);
  }

  static boolean isHistoryOf(byte[] historyKey, byte[] prefix) {
    return historyKey.length == prefix.length + TxPosition.BYTES
        && Arrays.equals(historyKey, 0, prefix.length, prefix, 0, prefix.length);
  }

  static TxPosition historyPosition(byte[] historyKey) {
    return TxPosition.of(
        Arrays.copyOfRange(historyKey, historyKey.length - TxPosition.BYTES, historyKey.length));
  }
}
