package org.chipledger.pol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  private static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(Sha256.of(ByteBuffer.allocate(4).putInt(i).array()));
    }
    return leaves;
  }

  @Test
  void emptyTreeIsHashOfEmptyString() {
    assertThat(Sha256.hex(MerkleTree.root(List.of())))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void singleLeafIsDomainSeparatedFromTheLeafItself() {
    byte[] leaf = Sha256.of(new byte[] {1});
    assertThat(MerkleTree.root(List.of(leaf))).isEqualTo(Sha256.of(new byte[] {0}, leaf));
  }

  @Test
  void twoLeavesFollowRfc6962NodeRule() {
    List<byte[]> two = leaves(2);
    byte[] left = Sha256.of(new byte[] {0}, two.get(0));
    byte[] right = Sha256.of(new byte[] {0}, two.get(1));
    assertThat(MerkleTree.root(two)).isEqualTo(Sha256.of(new byte[] {1}, left, right));
  }

  @Test
  void changingAnyLeafChangesTheRoot() {
    qt().withFixedSeed(42L)
        .forAll(integers().between(1, 40), integers().between(0, 1000))
        .checkAssert(
            (n, pick) -> {
              List<byte[]> original = leaves(n);
              List<byte[]> altered = new ArrayList<>(original);
              altered.set(pick % n, Sha256.of(new byte[] {9, 9}));
              assertThat(MerkleTree.root(altered)).isNotEqualTo(MerkleTree.root(original));
            });
  }

  @Test
  void orderMatters() {
    qt().withFixedSeed(7L)
        .forAll(integers().between(2, 40))
        .checkAssert(
            n -> {
              List<byte[]> reversed = new ArrayList<>(leaves(n));
              Collections.reverse(reversed);
              assertThat(MerkleTree.root(reversed)).isNotEqualTo(MerkleTree.root(leaves(n)));
            });
  }
}
