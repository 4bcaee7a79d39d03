package org.chipledger.crypto;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 6962 Merkle tree over SHA-256: leaves are {@code SHA-256(0x00 || data)} and nodes {@code
 * SHA-256(0x01 || left || right)}, so a leaf can never be passed off as an inner node.
 *
 * <p>The tree is built level by level, carrying an odd last node up unchanged; that shape is the
 * RFC's split at the largest power of two below the size, so its roots are RFC 6962's and its
 * proofs verify with RFC 9162's algorithm. The snapshot batches' roots on the ledger and the
 * Verifier's transcript commitments are both this tree's roots.
 */
public final class MerkleTree {
  private static final byte LEAF = 0x00;
  private static final byte NODE = 0x01;

  /** levels.get(0) holds the leaf hashes; the last level holds the root alone. */
  private final List<byte[][]> levels;

  private MerkleTree(List<byte[][]> levels) {
    this.levels = levels;
  }

  /** Builds the tree over leaf data in order; an empty tree's root is SHA-256 of nothing. */
  public static MerkleTree of(List<byte[]> leafData) {
    byte[][] level = new byte[leafData.size()][];
    for (int i = 0; i < level.length; i++) {
      level[i] = leafHash(leafData.get(i));
    }
    List<byte[][]> levels = new ArrayList<>();
    levels.add(level);
    while (level.length > 1) {
      byte[][] up = new byte[(level.length + 1) / 2][];
      for (int i = 0; i < level.length / 2; i++) {
        up[i] = nodeHash(level[2 * i], level[2 * i + 1]);
      }
      if (level.length % 2 == 1) {
        up[up.length - 1] = level[level.length - 1];
      }
      levels.add(up);
      level = up;
    }
    return new MerkleTree(levels);
  }

  /** The number of leaves. */
  public int size() {
    return levels.get(0).length;
  }

  /** RFC 6962's MTH over the leaves. */
  public byte[] root() {
    byte[][] top = levels.get(levels.size() - 1);
    return top.length == 0 ? Sha256.of() : top[0].clone();
  }

  /** The sibling hashes from the leaf up to the root (RFC 6962 §2.1.1's audit path). */
  public List<byte[]> auditPath(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("leaf " + index + " of a tree of " + size());
    }
    List<byte[]> path = new ArrayList<>();
    int at = index;
    for (int l = 0; l < levels.size() - 1; l++) {
      byte[][] level = levels.get(l);
      int sibling = at ^ 1;
      if (sibling < level.length) {
        path.add(level[sibling].clone());
      }
      at >>= 1;
    }
    return path;
  }

  /**
   * RFC 9162 §2.1.3.2: does {@code path} prove {@code leafData} at {@code index} in a tree of
   * {@code treeSize} leaves under {@code root}? The root does not bind the size, so callers take
   * the size from a record they trust.
   */
  public static boolean verify(
      byte[] leafData, long index, long treeSize, List<byte[]> path, byte[] root) {
    if (index < 0 || index >= treeSize) {
      return false;
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash(leafData);
    for (byte[] p : path) {
      if (sn == 0 || p == null || p.length != Sha256.LENGTH) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /** A leaf's hash: {@code SHA-256(0x00 || data)}. */
  public static byte[] leafHash(byte[] data) {
    return Sha256.of(new byte[] {LEAF}, data);
  }

  /** An inner node's hash: {@code SHA-256(0x01 || left || right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    return Sha256.of(new byte[] {NODE}, left, right);
  }

  @Override
  public String toString() {
    return "MerkleTree[size=" + size() + ", root=" + Sha256.hex(root()) + "]";
  }
}
