package org.chipledger.pol.crypto;

import java.security.MessageDigest;
import java.util.List;

/**
 * RFC 6962 Merkle tree hash over an ordered list of leaves. Leaf and node hashes are
 * domain-separated (0x00 and 0x01 prefixes) so that an inner node can never be passed off as a
 * leaf.
 */
public final class MerkleTree {
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private MerkleTree() {}

  /**
   * The root over the leaves in order; the empty list hashes to SHA-256 of the empty string, as in
   * RFC 6962.
   */
  public static byte[] root(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return Sha256.of();
    }
    return subtreeRoot(leaves, 0, leaves.size());
  }

  private static byte[] subtreeRoot(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      MessageDigest digest = Sha256.newDigest();
      digest.update(LEAF_PREFIX);
      digest.update(leaves.get(from));
      return digest.digest();
    }
    // RFC 6962 §2.1: split at the largest power of two strictly below n.
    int split = Integer.highestOneBit(n - 1);
    byte[] left = subtreeRoot(leaves, from, from + split);
    byte[] right = subtreeRoot(leaves, from + split, to);
    MessageDigest digest = Sha256.newDigest();
    digest.update(NODE_PREFIX);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }
}
