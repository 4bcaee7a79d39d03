package org.chipledger.chaincode.snapshot;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chipledger.crypto.Sha256;

/**
 * Chip signatures a host verified ahead of the rules, on its own threads: the rules take each one
 * once without verifying it again, and verify anything else themselves. Only signatures the host's
 * check accepted are remembered (by the digest of key, message and signature), so a refusal always
 * comes from the rules' own check; each pre-check is counted and each take spends one; the set is
 * bounded, and on Fabric, where nothing pre-checks, it stays empty.
 */
public final class PrecheckedSignatures {
  /** Signatures remembered at most: about 150 bytes each. */
  static final int CAPACITY = 1 << 17;

  private static final Map<ByteString, Integer> VALID = new ConcurrentHashMap<>();

  private PrecheckedSignatures() {}

  /** Verifies with {@code check} now and remembers the signature if it holds and there is room. */
  public static void prewarm(
      ByteString derPublicKey, byte[] message, byte[] signature, ChipSignatureCheck check) {
    if (VALID.size() < CAPACITY && check.verify(derPublicKey, message, signature)) {
      VALID.merge(digest(derPublicKey, message, signature), 1, Integer::sum);
    }
  }

  /** {@code fallback}, answering a pre-checked signature once without running it. */
  static ChipSignatureCheck over(ChipSignatureCheck fallback) {
    return (key, message, signature) ->
        take(key, message, signature) || fallback.verify(key, message, signature);
  }

  static boolean take(ByteString derPublicKey, byte[] message, byte[] signature) {
    if (VALID.isEmpty()) {
      return false;
    }
    AtomicBoolean warm = new AtomicBoolean();
    VALID.computeIfPresent(
        digest(derPublicKey, message, signature),
        (k, count) -> {
          warm.set(true);
          return count > 1 ? count - 1 : null;
        });
    return warm.get();
  }

  /** Length-prefixed, so no two different triples share an encoding. */
  private static ByteString digest(ByteString key, byte[] message, byte[] signature) {
    ByteBuffer all = ByteBuffer.allocate(12 + key.size() + message.length + signature.length);
    all.putInt(key.size()).put(key.asReadOnlyByteBuffer());
    all.putInt(message.length).put(message);
    all.putInt(signature.length).put(signature);
    return ByteString.copyFrom(Sha256.of(all.array()));
  }
}
