package org.chipledger.chaincode.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merkle proofs, checked against an independent recursive RFC 6962 definition. */
class MerkleTreePropertiesTest {
  private static final long SEED = 6962L;

  private static List<byte[]> leaves(List<Integer> values) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      leaves.add(("leaf-" + i + "-" + values.get(i)).getBytes(StandardCharsets.UTF_8));
    }
    return leaves;
  }

  /** RFC 6962 §2.1: MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k < n a power of 2. */
  private static byte[] rfcRoot(List<byte[]> d) {
    if (d.isEmpty()) {
      return MerkleTree.sha256(new byte[0]);
    }
    if (d.size() == 1) {
      return MerkleTree.leafHash(d.get(0));
    }
    int k = Integer.highestOneBit(d.size() - 1);
    return MerkleTree.nodeHash(rfcRoot(d.subList(0, k)), rfcRoot(d.subList(k, d.size())));
  }

  @Test
  void theRootIsRfc6962sAndEveryLeafProves() {
    qt().withFixedSeed(SEED)
        .withExamples(200)
        .forAll(lists().of(integers().all()).ofSizeBetween(1, 70))
        .checkAssert(
            values -> {
              List<byte[]> leaves = leaves(values);
              MerkleTree tree = MerkleTree.of(leaves);
              assertThat(tree.root()).isEqualTo(rfcRoot(leaves));
              for (int i = 0; i < leaves.size(); i++) {
                assertThat(
                        MerkleTree.verify(
                            leaves.get(i), i, leaves.size(), tree.auditPath(i), tree.root()))
                    .as("leaf %d of %d", i, leaves.size())
                    .isTrue();
              }
            });
  }

  @Test
  void noOtherLeafIndexOrAlteredPathVerifies() {
    qt().withFixedSeed(SEED)
        .withExamples(200)
        .forAll(lists().of(integers().all()).ofSizeBetween(2, 70), integers().between(0, 1_000_000))
        .checkAssert(
            (values, pick) -> {
              List<byte[]> leaves = leaves(values);
              MerkleTree tree = MerkleTree.of(leaves);
              int n = leaves.size();
              int i = pick % n;
              int j = (i + 1 + pick / n % (n - 1)) % n;
              List<byte[]> path = tree.auditPath(i);
              byte[] root = tree.root();
              // Another leaf's data, or this leaf at another index, does not verify.
              assertThat(MerkleTree.verify(leaves.get(j), i, n, path, root)).isFalse();
              assertThat(MerkleTree.verify(leaves.get(i), j, n, path, root)).isFalse();
              // The root does not bind the tree size, so a checker takes the size from the
              // ledger's batch record; an index beyond that size never verifies.
              assertThat(MerkleTree.verify(leaves.get(i), n, n, path, root)).isFalse();
              // Nor any path with one bit flipped, one hash dropped, or one extra hash.
              for (int h = 0; h < path.size(); h++) {
                List<byte[]> altered = new ArrayList<>(path);
                byte[] flipped = Arrays.copyOf(path.get(h), 32);
                flipped[pick % 32] ^= (byte) (1 << (pick % 8));
                altered.set(h, flipped);
                assertThat(MerkleTree.verify(leaves.get(i), i, n, altered, root)).isFalse();
              }
              if (!path.isEmpty()) {
                List<byte[]> shorter = path.subList(0, path.size() - 1);
                assertThat(MerkleTree.verify(leaves.get(i), i, n, shorter, root)).isFalse();
              }
              List<byte[]> longer = new ArrayList<>(path);
              longer.add(root);
              assertThat(MerkleTree.verify(leaves.get(i), i, n, longer, root)).isFalse();
            });
  }
}
