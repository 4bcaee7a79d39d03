package org.chipledger.chaincode.chip;

import com.google.protobuf.ByteString;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a chip key is a DER SubjectPublicKeyInfo of an ECDSA P-256 key, a pure function of its
 * bytes. A host may run it ahead of the rules on its own threads ({@link #prewarm}); the rules then
 * take a key found valid that way without parsing it again. Only valid keys are remembered, so a
 * refusal always comes from the rules' own parse and reads the same on every peer, and a key is
 * forgotten once the rules take it, so the set holds only keys in flight.
 */
public final class ChipKeyCheck {
  /** Keys remembered at most: about 100 bytes each, so a few tens of MiB. */
  static final int CAPACITY = 1 << 18;

  private static final Set<ByteString> VALID = ConcurrentHashMap.newKeySet();

  private ChipKeyCheck() {}

  /**
   * Parses {@code key} now, off the rules' thread, and remembers it if it is a P-256 key; an
   * invalid key, or a full set, is left for the rules to parse.
   */
  public static void prewarm(ByteString key) {
    if (VALID.size() < CAPACITY && problem(key).isEmpty()) {
      VALID.add(key);
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
    return VALID.remove(key) ? Optional.empty() : problem(key);
  }

  /** The keys remembered now, a copy (for tests). */
  static Set<ByteString> remembered() {
    return Set.copyOf(VALID);
  }
}
