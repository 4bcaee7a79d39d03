package org.chipledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed RFC 6962 vectors; every expected value is worked out here with the JDK's SHA-256. */
class MerkleTreeTest {
  private static final byte[] LEAF = {0x00};
  private static final byte[] NODE = {0x01};

  /** The leaves of the RFC 6962 reference test data (certificate-transparency's tree tests). */
  private static final List<byte[]> CT_LEAVES =
      List.of(
          hex(""),
          hex("00"),
          hex("10"),
          hex("2021"),
          hex("3031"),
          hex("40414243"),
          hex("5051525354555657"),
          hex("606162636465666768696a6b6c6d6e6f"));

  /** The roots over the first 1..8 of those leaves, as published with them. */
  private static final List<String> CT_ROOTS =
      List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text);
  }

  private static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(JdkSha256.of(ByteBuffer.allocate(4).putInt(i).array()));
    }
    return leaves;
  }

  @Test
  void theEmptyTreeIsTheHashOfTheEmptyString() {
    MerkleTree empty = MerkleTree.of(List.of());
    assertThat(empty.size()).isZero();
    assertThat(HexFormat.of().formatHex(empty.root()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void rootsMatchThePublishedRfc6962Vectors() {
    for (int n = 1; n <= CT_LEAVES.size(); n++) {
      assertThat(HexFormat.of().formatHex(MerkleTree.of(CT_LEAVES.subList(0, n)).root()))
          .as("%d leaves", n)
          .isEqualTo(CT_ROOTS.get(n - 1));
    }
  }

  @Test
  void aSingleLeafIsDomainSeparatedFromTheLeafItself() {
    byte[] leaf = JdkSha256.of(new byte[] {1});
    assertThat(MerkleTree.of(List.of(leaf)).root())
        .isEqualTo(JdkSha256.of(LEAF, leaf))
        .isNotEqualTo(JdkSha256.of(leaf));
    assertThat(MerkleTree.leafHash(leaf)).isEqualTo(JdkSha256.of(LEAF, leaf));
  }

  @Test
  void twoLeavesFollowTheNodeRule() {
    List<byte[]> two = leaves(2);
    byte[] left = JdkSha256.of(LEAF, two.get(0));
    byte[] right = JdkSha256.of(LEAF, two.get(1));
    assertThat(MerkleTree.of(two).root()).isEqualTo(JdkSha256.of(NODE, left, right));
    assertThat(MerkleTree.nodeHash(left, right)).isEqualTo(JdkSha256.of(NODE, left, right));
  }

  @Test
  void anOddLastLeafIsCarriedUpNotDuplicated() {
    List<byte[]> three = leaves(3);
    byte[] h0 = JdkSha256.of(LEAF, three.get(0));
    byte[] h1 = JdkSha256.of(LEAF, three.get(1));
    byte[] h2 = JdkSha256.of(LEAF, three.get(2));
    assertThat(MerkleTree.of(three).root())
        .isEqualTo(JdkSha256.of(NODE, JdkSha256.of(NODE, h0, h1), h2));
  }

  @Test
  void fiveLeavesSplitAtFourAndProveByTheirSiblings() {
    List<byte[]> d = leaves(5);
    byte[][] h = new byte[5][];
    for (int i = 0; i < 5; i++) {
      h[i] = JdkSha256.of(LEAF, d.get(i));
    }
    byte[] n01 = JdkSha256.of(NODE, h[0], h[1]);
    byte[] n23 = JdkSha256.of(NODE, h[2], h[3]);
    byte[] n0123 = JdkSha256.of(NODE, n01, n23);
    byte[] root = JdkSha256.of(NODE, n0123, h[4]);
    MerkleTree tree = MerkleTree.of(d);

    assertThat(tree.size()).isEqualTo(5);
    assertThat(tree.root()).isEqualTo(root);
    assertThat(tree.auditPath(0)).containsExactly(h[1], n23, h[4]);
    assertThat(tree.auditPath(2)).containsExactly(h[3], n01, h[4]);
    assertThat(tree.auditPath(4)).containsExactly(n0123);
    assertThat(MerkleTree.verify(d.get(2), 2, 5, List.of(h[3], n01, h[4]), root)).isTrue();
    assertThat(MerkleTree.verify(d.get(4), 4, 5, List.of(n0123), root)).isTrue();
  }

  @Test
  void sevenLeavesProveTheLastLeafThroughTheCarriedUpPair() {
    List<byte[]> d = leaves(7);
    byte[][] h = new byte[7][];
    for (int i = 0; i < 7; i++) {
      h[i] = JdkSha256.of(LEAF, d.get(i));
    }
    byte[] n0123 =
        JdkSha256.of(NODE, JdkSha256.of(NODE, h[0], h[1]), JdkSha256.of(NODE, h[2], h[3]));
    byte[] n45 = JdkSha256.of(NODE, h[4], h[5]);
    byte[] root = JdkSha256.of(NODE, n0123, JdkSha256.of(NODE, n45, h[6]));
    MerkleTree tree = MerkleTree.of(d);

    assertThat(tree.root()).isEqualTo(root);
    assertThat(tree.auditPath(6)).containsExactly(n45, n0123);
    assertThat(tree.auditPath(5)).containsExactly(h[4], h[6], n0123);
    assertThat(MerkleTree.verify(d.get(6), 6, 7, List.of(n45, n0123), root)).isTrue();
  }

  @Test
  void malformedProofsAreRefusedNotThrown() {
    List<byte[]> d = leaves(5);
    MerkleTree tree = MerkleTree.of(d);
    List<byte[]> path = tree.auditPath(2);
    byte[] root = tree.root();
    assertThat(MerkleTree.verify(d.get(2), -1, 5, path, root)).isFalse();
    assertThat(MerkleTree.verify(d.get(2), 5, 5, path, root)).isFalse();
    assertThat(MerkleTree.verify(d.get(2), 2, 5, List.of(), root)).isFalse();
    List<byte[]> withNull = new ArrayList<>(path);
    withNull.set(1, null);
    assertThat(MerkleTree.verify(d.get(2), 2, 5, withNull, root)).isFalse();
    List<byte[]> shortHash = new ArrayList<>(path);
    shortHash.set(1, new byte[31]);
    assertThat(MerkleTree.verify(d.get(2), 2, 5, shortHash, root)).isFalse();
    // A lone leaf needs no path, and any path for it is one hash too many.
    MerkleTree one = MerkleTree.of(d.subList(0, 1));
    assertThat(MerkleTree.verify(d.get(0), 0, 1, List.of(), one.root())).isTrue();
    assertThat(MerkleTree.verify(d.get(0), 0, 1, List.of(root), one.root())).isFalse();
  }

  @Test
  void anAuditPathExistsOnlyForALeafOfTheTree() {
    MerkleTree tree = MerkleTree.of(leaves(3));
    assertThatThrownBy(() -> tree.auditPath(3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("leaf 3 of a tree of 3");
    assertThatThrownBy(() -> tree.auditPath(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.of(List.of()).auditPath(0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void theRootIsACopy() {
    MerkleTree tree = MerkleTree.of(leaves(4));
    byte[] root = tree.root();
    root[0] ^= 1;
    assertThat(tree.root()).isNotEqualTo(root);
    assertThat(tree.toString())
        .isEqualTo("MerkleTree[size=4, root=" + HexFormat.of().formatHex(tree.root()) + "]");
  }

  @Test
  void changingAnyLeafChangesTheRoot() {
    qt().withFixedSeed(42L)
        .forAll(integers().between(1, 40), integers().between(0, 1000))
        .checkAssert(
            (n, pick) -> {
              List<byte[]> original = leaves(n);
              List<byte[]> altered = new ArrayList<>(original);
              altered.set(pick % n, JdkSha256.of(new byte[] {9, 9}));
              assertThat(MerkleTree.of(altered).root())
                  .isNotEqualTo(MerkleTree.of(original).root());
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
              assertThat(MerkleTree.of(reversed).root())
                  .isNotEqualTo(MerkleTree.of(leaves(n)).root());
            });
  }
}
