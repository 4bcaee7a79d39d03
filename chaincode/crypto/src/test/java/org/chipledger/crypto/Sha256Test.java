package org.chipledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {
  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void digestsMatchFips180Vectors() {
    assertThat(Sha256.hex(Sha256.of()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Sha256.hex(Sha256.of(ascii("abc"))))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(
            Sha256.hex(
                Sha256.of(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))))
        .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }

  @Test
  void severalPartsHashAsTheirConcatenation() {
    assertThat(Sha256.of(ascii("a"), ascii(""), ascii("bc")))
        .isEqualTo(Sha256.of(ascii("abc")))
        .hasSize(Sha256.LENGTH);
  }

  @Test
  void aStreamingDigestIsSha256() {
    var digest = Sha256.newDigest();
    digest.update(ascii("ab"));
    digest.update(ascii("c"));
    assertThat(digest.getAlgorithm()).isEqualTo("SHA-256");
    assertThat(Sha256.hex(digest.digest()))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void hexIsLowerCaseAndParsesEitherCase() {
    assertThat(Sha256.hex(new byte[] {0x00, (byte) 0xAB, 0x7f})).isEqualTo("00ab7f");
    assertThat(Sha256.parseHex(" 00AB7f\n")).containsExactly(0x00, 0xab, 0x7f);
    assertThat(Sha256.parseHex("")).isEmpty();
  }

  @Test
  void aDigestIsExactly64HexDigits() {
    String abc = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    assertThat(Sha256.parseDigest(abc)).isEqualTo(Sha256.of(ascii("abc")));
    assertThatThrownBy(() -> Sha256.parseDigest(abc.substring(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a SHA-256 digest has 64 hex digits, got 62 characters");
    assertThatThrownBy(() -> Sha256.parseDigest("zz" + abc.substring(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a hex string: ");
    assertThatThrownBy(() -> Sha256.parseHex("abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a hex string: ");
  }
}
