package org.chipledger.chaincode.chip;

import com.google.protobuf.ByteString;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a chip key is a DER SubjectPublicKeyInfo of an ECDSA P-256 key, a pure function of its
 * bytes. A host may run it ahead of the rules on its own threads ({@link #prewarm}); the rules then
 * take a key found valid that way without parsing it again. Only valid keys are remembered, so a
 * refusal always comes from the rules' own parse and reads the same on every peer. Each pre-warm is
 * counted and each take spends one, so lots in flight that share a key (a bench's reused keys) each
 * find theirs, and the set holds only keys in flight.
 */
public final class ChipKeyCheck {
  /** Keys remembered at most: about 100 bytes each, so a few tens of MiB. */
  static final int CAPACITY = 1 << 18;

  private static final Map<ByteString, Integer> VALID = new ConcurrentHashMap<>();

  private ChipKeyCheck() {}

  /**
   * Parses {@code key} now, off the rules' thread, and remembers it if it is a P-256 key; an
   * invalid key, or a full set, is left for the rules to parse.
   */
  public static void prewarm(ByteString key) {
    if (VALID.size() < CAPACITY && problem(key).isEmpty()) {
      VALID.merge(key, 1, Integer::sum);
    }
  }

  /** What is wrong with {@code key}, or empty for a DER P-256 public key. */
  static Optional<String> problem(ByteString key) {
    try {
      var parsed =
          KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(key.toByteArray()));
      if (!(parsed instanceof ECPublicKey ec)
          || ec.getParams().getCurve().getField().getFieldSize() != 256) {
        return Optional.of("key is not ECDSA P-256");
      }
      return Optional.empty();
    } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
      return Optional.of("key is not a DER SubjectPublicKeyInfo: " + e.getMessage());
    }
  }

  /** The rules' check: a pre-warmed key is taken once without a second parse. */
  static Optional<String> take(ByteString key) {
    AtomicBoolean warm = new AtomicBoolean();
    VALID.computeIfPresent(
        key,
        (k, count) -> {
          warm.set(true);
          return count > 1 ? count - 1 : null;
        });
    return warm.get() ? Optional.empty() : problem(key);
  }

  /** The keys remembered now, a copy (for tests). */
  static Set<ByteString> remembered() {
    return Set.copyOf(VALID.keySet());
  }
}
