package org.chipledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every tree size from 0 to 300, the tree against an independent recursive RFC 6962 definition:
 * its root is MTH, its audit paths are PATH, every proof verifies, and no altered proof does.
 */
class MerkleTreePropertiesTest {
  private static final long SEED = 6962L;

  /** Up to this size every bit of every proof is flipped and every wrong index tried. */
  private static final int EXHAUSTIVE_UP_TO = 16;

  static IntStream sizes() {
    return IntStream.rangeClosed(0, 300);
  }

  /** Random leaves of random length (empty ones included), fixed by the seed and the size. */
  private static List<byte[]> leaves(int n) {
    Random random = new Random(SEED * 1_000 + n);
    List<byte[]> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] leaf = new byte[random.nextInt(65)];
      random.nextBytes(leaf);
      leaves.add(leaf);
    }
    return leaves;
  }

  /** The largest power of two strictly below n (n > 1). */
  private static int split(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  /** RFC 6962 §2.1: MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 || d0), else split at k. */
  private static byte[] mth(List<byte[]> d) {
    if (d.isEmpty()) {
      return JdkSha256.of();
    }
    if (d.size() == 1) {
      return JdkSha256.of(new byte[] {0x00}, d.get(0));
    }
    int k = split(d.size());
    return JdkSha256.of(new byte[] {0x01}, mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  /** RFC 6962 §2.1.1: PATH(m, D[n]), the audit path from the leaf up. */
  private static List<byte[]> path(int m, List<byte[]> d) {
    List<byte[]> out = new ArrayList<>();
    int n = d.size();
    if (n <= 1) {
      return out;
    }
    int k = split(n);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(path(m - k, d.subList(k, n)));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  @ParameterizedTest(name = "{0} leaves")
  @MethodSource("sizes")
  void theRootIsRfc6962sMth(int n) {
    List<byte[]> leaves = leaves(n);
    MerkleTree tree = MerkleTree.of(leaves);
    assertThat(tree.size()).isEqualTo(n);
    assertThat(tree.root()).isEqualTo(mth(leaves));
  }

  @ParameterizedTest(name = "{0} leaves")
  @MethodSource("sizes")
  void everyLeafProvesWithRfc6962sAuditPath(int n) {
    List<byte[]> leaves = leaves(n);
    MerkleTree tree = MerkleTree.of(leaves);
    byte[] root = mth(leaves);
    Random random = new Random(SEED + n);
    for (int i = 0; i < n; i++) {
      List<byte[]> path = tree.auditPath(i);
      assertThat(MerkleTree.verify(leaves.get(i), i, n, path, root))
          .as("leaf %d of %d", i, n)
          .isTrue();
      // PATH recomputes whole subtrees, so it is compared on every leaf only for small trees.
      if (n <= 64 || i == 0 || i == n - 1 || random.nextInt(16) == 0) {
        assertThat(path).as("leaf %d of %d", i, n).containsExactlyElementsOf(path(i, leaves));
      }
    }
  }

  @ParameterizedTest(name = "{0} leaves")
  @MethodSource("sizes")
  void noAlteredProofVerifies(int n) {
    List<byte[]> leaves = leaves(n);
    MerkleTree tree = MerkleTree.of(leaves);
    byte[] root = tree.root();
    Random random = new Random(SEED - n);
    for (int i = 0; i < n; i++) {
      List<byte[]> path = tree.auditPath(i);
      byte[] leaf = leaves.get(i);
      for (int h = 0; h < path.size(); h++) {
        if (n <= EXHAUSTIVE_UP_TO) {
          for (int bit = 0; bit < 8 * Sha256.LENGTH; bit++) {
            assertThat(MerkleTree.verify(leaf, i, n, flipped(path, h, bit), root))
                .as("leaf %d of %d, bit %d of hash %d flipped", i, n, bit, h)
                .isFalse();
          }
        } else {
          int bit = random.nextInt(8 * Sha256.LENGTH);
          assertThat(MerkleTree.verify(leaf, i, n, flipped(path, h, bit), root))
              .as("leaf %d of %d, bit %d of hash %d flipped", i, n, bit, h)
              .isFalse();
        }
      }
      byte[] otherRoot = root.clone();
      otherRoot[random.nextInt(Sha256.LENGTH)] ^= (byte) (1 << random.nextInt(8));
      assertThat(MerkleTree.verify(leaf, i, n, path, otherRoot)).isFalse();
      byte[] otherLeaf = Arrays.copyOf(leaf, leaf.length + 1);
      assertThat(MerkleTree.verify(otherLeaf, i, n, path, root)).isFalse();
      // The root does not bind the size, so a checker takes it from the ledger's batch record;
      // an index outside it never verifies.
      assertThat(MerkleTree.verify(leaf, n, n, path, root)).isFalse();
      assertThat(MerkleTree.verify(leaf, -1, n, path, root)).isFalse();
      for (int j : wrongIndices(i, n, random)) {
        if (Arrays.equals(leaves.get(j), leaf)) {
          continue; // the same data at another index is the same leaf (empty leaves do repeat)
        }
        assertThat(MerkleTree.verify(leaf, j, n, path, root))
            .as("leaf %d of %d claimed at %d", i, n, j)
            .isFalse();
        assertThat(MerkleTree.verify(leaves.get(j), i, n, path, root))
            .as("leaf %d of %d in the place of leaf %d", j, n, i)
            .isFalse();
      }
      if (!path.isEmpty()) {
        assertThat(MerkleTree.verify(leaf, i, n, path.subList(0, path.size() - 1), root)).isFalse();
      }
      List<byte[]> longer = new ArrayList<>(path);
      longer.add(root);
      assertThat(MerkleTree.verify(leaf, i, n, longer, root)).isFalse();
    }
  }

  private static List<byte[]> flipped(List<byte[]> path, int hash, int bit) {
    List<byte[]> altered = new ArrayList<>(path);
    byte[] flipped = path.get(hash).clone();
    flipped[bit / 8] ^= (byte) (1 << (bit % 8));
    altered.set(hash, flipped);
    return altered;
  }

  /** Every other index in small trees; a few random others, and the neighbours, in large ones. */
  private static List<Integer> wrongIndices(int i, int n, Random random) {
    List<Integer> wrong = new ArrayList<>();
    if (n <= EXHAUSTIVE_UP_TO) {
      for (int j = 0; j < n; j++) {
        if (j != i) {
          wrong.add(j);
        }
      }
      return wrong;
    }
    wrong.add((i + 1) % n);
    wrong.add((i + n - 1) % n);
    for (int t = 0; t < 3; t++) {
      wrong.add((i + 1 + random.nextInt(n - 1)) % n);
    }
    return wrong;
  }
}
