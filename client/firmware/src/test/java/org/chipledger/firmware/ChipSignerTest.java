package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A chip signs with P-256 only: another curve's key is refused, never used. */
class ChipSignerTest {
  @TempDir Path dir;

  private static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp384r1", "secp521r1"})
  void aKeyOnAnotherCurveIsRefused(String curve) throws Exception {
    KeyPair other = ec(curve);
    assertThatThrownBy(() -> new ChipSigner(other.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P-256");
    Path pem = dir.resolve(curve + ".pem");
    Files.writeString(
        pem,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(other.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n",
        StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> ChipSigner.load(pem))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("P-256");
  }

  @Test
  void aP256KeyIsTaken() throws Exception {
    ChipSigner signer = new ChipSigner(ec("secp256r1").getPrivate());
    assertThat(signer.sign(new byte[] {1, 2, 3})).isNotEmpty();
  }

  @Test
  void aNonEcKeyIsRefused() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    assertThatThrownBy(() -> new ChipSigner(rsa.generateKeyPair().getPrivate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P-256");
  }
}
