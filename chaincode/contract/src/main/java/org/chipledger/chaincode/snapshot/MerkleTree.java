package org.chipledger.chaincode.snapshot;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Merkle tree with RFC 6962 hashing: leaves are {@code SHA-256(0x00 || data)} and nodes {@code
 * SHA-256(0x01 || left || right)}, so a leaf can never be passed off as an inner node.
 *
 * <p>The tree is built level by level, carrying an odd last node up unchanged; that shape is the
 * RFC's split at the largest power of two below the size, so proofs verify with RFC 9162's
 * algorithm.
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
    byte[][] leaves = new byte[leafData.size()][];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = leafHash(leafData.get(i));
    }
    return ofLeafHashes(leaves);
  }

  /** Builds the tree over already hashed leaves. */
  public static MerkleTree ofLeafHashes(byte[][] leafHashes) {
    List<byte[][]> levels = new ArrayList<>();
    byte[][] level = leafHashes.clone();
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

  public int size() {
    return levels.get(0).length;
  }

  public byte[] root() {
    byte[][] top = levels.get(levels.size() - 1);
    return top.length == 0 ? sha256(new byte[0]) : top[0].clone();
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

  /** RFC 9162 §2.1.3.2: does {@code path} prove {@code leafData} at {@code index} under root? */
  public static boolean verify(
      byte[] leafData, long index, long treeSize, List<byte[]> path, byte[] root) {
    if (index < 0 || index >= treeSize) {
      return false;
    }
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash(leafData);
    for (byte[] p : path) {
      if (sn == 0 || p == null || p.length != 32) {
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

  public static byte[] leafHash(byte[] data) {
    return sha256(new byte[] {LEAF}, data);
  }

  static byte[] nodeHash(byte[] left, byte[] right) {
    return sha256(new byte[] {NODE}, left, right);
  }

  /** SHA-256 over the concatenation of the parts. */
  public static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "MerkleTree[size=" + size() + ", root=" + Arrays.toString(root()) + "]";
  }
}
