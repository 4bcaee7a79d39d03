package org.chipledger.client.embedded;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.WriteEntry;

/**
 * A block's commitment to the world state it produces: the hash of its write set, chained into a
 * cumulative state digest. Because the state after block n is a function of the write sets of
 * blocks 1..n, the digest of block n commits to it; verify re-derives the state and compares.
 */
final class StateCommitment {
  /** What the genesis block's state digest chains from. */
  static final byte[] ORIGIN = new byte[32];

  private static final byte[] DOMAIN = "chipledger-state-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte PUT = 1;
  private static final byte DELETE = 2;

  private final MessageDigest writeSet = Sha256.newDigest();

  /** Adds one write, in record order; an empty or null value is a deletion. */
  void add(byte[] key, byte[] value) {
    boolean delete = value == null || value.length == 0;
    writeSet.update(ByteBuffer.allocate(Integer.BYTES).putInt(key.length).array());
    writeSet.update(key);
    writeSet.update(delete ? DELETE : PUT);
    if (!delete) {
      writeSet.update(ByteBuffer.allocate(Integer.BYTES).putInt(value.length).array());
      writeSet.update(value);
    }
  }

  /** Adds one recorded write, exactly as {@link #add(byte[], byte[])} did when it was made. */
  void add(WriteEntry write) {
    add(
        StateKeys.encode(write.getKey()),
        write.getDelete() ? null : write.getValue().toByteArray());
  }

  /** The write-set hash; call once. */
  byte[] writeSetHash() {
    return writeSet.digest();
  }

  /** The state digest after a block with {@code writeSetHash}. */
  static byte[] chain(byte[] previousStateDigest, byte[] writeSetHash) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(DOMAIN);
    digest.update(previousStateDigest);
    digest.update(writeSetHash);
    return digest.digest();
  }
}
