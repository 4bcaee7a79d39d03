package org.chipledger.app.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed escrow opens only with the secretariat's key, and only unaltered. */
class SeedEscrowTest {
  private static final byte[] SEED = new byte[32];

  static {
    Arrays.fill(SEED, (byte) 0x5a);
  }

  @Test
  void theSecretariatsKeyOpensTheEscrowAndNoOtherDoes(@TempDir Path dir) throws Exception {
    SeedEscrow.writeNew(dir.resolve("escrow.key"), dir.resolve("escrow.pub.der"));
    byte[] publicKey = java.nio.file.Files.readAllBytes(dir.resolve("escrow.pub.der"));
    byte[] escrow = SeedEscrow.seal(publicKey, SEED);
    assertThat(escrow.length).isLessThan(1024);
    assertThat(SeedEscrow.open(SeedEscrow.readPrivate(dir.resolve("escrow.key")), escrow))
        .isEqualTo(SEED);
    // Two seals of one seed differ: the escrow does not let anyone test a guessed seed.
    assertThat(SeedEscrow.seal(publicKey, SEED)).isNotEqualTo(escrow);

    KeyPair other = SeedEscrow.generate();
    assertThatThrownBy(() -> SeedEscrow.open(other.getPrivate(), escrow))
        .isInstanceOf(GeneralSecurityException.class);
    byte[] altered = escrow.clone();
    altered[altered.length - 1] ^= 1;
    assertThatThrownBy(
            () -> SeedEscrow.open(SeedEscrow.readPrivate(dir.resolve("escrow.key")), altered))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(
            () ->
                SeedEscrow.open(
                    SeedEscrow.readPrivate(dir.resolve("escrow.key")), Arrays.copyOf(escrow, 20)))
        .isInstanceOf(GeneralSecurityException.class);
  }
}
