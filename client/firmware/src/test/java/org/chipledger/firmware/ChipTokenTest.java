package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Optional;
import org.chipledger.client.identity.EcdsaSignatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 1: a chip's key made inside a PKCS#11 token (SoftHSM2 through SunPKCS11). The
 * operator, who runs the process, tries to read the private key out through the API: the token
 * refuses; the firmware still signs with it. The surefire configuration points SOFTHSM2_CONF at
 * target/softhsm; test.sh installs softhsm2, and without it this test fails rather than skips.
 */
class ChipTokenTest {
  private static final char[] PIN = "4711".toCharArray();
  private static ChipToken token;

  @BeforeAll
  static void initialiseToken() throws Exception {
    Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
    Path tokens = conf.resolveSibling("tokens");
    Files.createDirectories(tokens);
    Files.writeString(
        conf,
        "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
        StandardCharsets.US_ASCII);
    try (var old = Files.list(tokens)) {
      for (Path dir : old.toList()) {
        try (var walk = Files.walk(dir)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    Process init =
        new ProcessBuilder(
                "softhsm2-util",
                "--init-token",
                "--free",
                "--label",
                "chips",
                "--so-pin",
                "12345678",
                "--pin",
                new String(PIN))
            .redirectErrorStream(true)
            .start();
    String said = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(init.waitFor()).as(said).isZero();
    token = ChipToken.open(ChipToken.SOFTHSM2, 0, PIN);
  }

  @Test
  void thePrivateKeyCannotBeExportedThroughTheApi() throws Exception {
    token.generate("TOK-1");
    PrivateKey key = token.privateKey("TOK-1");
    assertThat(key.getEncoded()).as("no encoding leaves the token").isNull();
    assertThat(key).isNotInstanceOf(ECPrivateKey.class);
    KeyFactory tokenFactory = KeyFactory.getInstance("EC", token.provider());
    assertThatThrownBy(() -> tokenFactory.getKeySpec(key, ECPrivateKeySpec.class))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> tokenFactory.getKeySpec(key, PKCS8EncodedKeySpec.class))
        .isInstanceOf(GeneralSecurityException.class);
    // The JDK's own factory cannot translate it either: there is nothing to read.
    assertThatThrownBy(() -> KeyFactory.getInstance("EC", "SunEC").translateKey(key))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> token.generate("TOK-1")).isInstanceOf(IOException.class);
  }

  @Test
  void theFirmwareSignsThroughTheTokenAndTheRegisteredPublicKeyVerifies(@TempDir Path dir)
      throws Exception {
    PublicKey registered = token.generate("TOK-2");
    ChipSigner signer = token.signer("TOK-2");
    assertThat(signer.inToken()).isTrue();
    ChipIdentity chip = new ChipIdentity("TOK-2", "fw-1.0", signer);
    NvramLog log = NvramLog.open(dir.resolve("tok.nvram"));
    try (Firmware firmware =
        Firmware.boot(
            chip, log, WeightSource.of(new float[] {1, 2}), Clock.systemUTC(), Optional.empty())) {
      for (int i = 0; i < 5; i++) {
        var signed = firmware.snapshot("").entry().signed();
        assertThat(
                EcdsaSignatures.verify(
                    registered,
                    signed.getRecord().toByteArray(),
                    signed.getSignature().toByteArray()))
            .as("low-S DER under the registered key")
            .isTrue();
      }
    }
    // A second login (a restarted chip) finds the same key in the token.
    ChipToken again = ChipToken.open(ChipToken.SOFTHSM2, 0, PIN);
    assertThat(again.publicKey("TOK-2").getEncoded()).isEqualTo(registered.getEncoded());
    // The schedule key is sealed under the token's HMAC key, which also never leaves it.
    try (NvramLog other = NvramLog.open(dir.resolve("s.nvram"))) {
      assertThat(SecretSchedule.boot(chip, other, 1, 1).nextSimulatedGap()).isPositive();
    }
  }
}
