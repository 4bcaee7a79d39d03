package org.chipledger.pol.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.chipledger.crypto.Sha256;
import org.junit.jupiter.api.Test;

class SelectionBeaconTest {
  private static byte[] secret(int first) {
    byte[] secret = new byte[SelectionBeacon.SECRET_BYTES];
    secret[0] = (byte) first;
    return secret;
  }

  @Test
  void theCommitmentIsTheSha256TheChaincodeChecks() throws Exception {
    assertThat(SelectionBeacon.commitment(secret(1)))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret(1)));
  }

  @Test
  void theBeaconIsReproducibleAndDependsOnTheSecretAndTheDeclaration() {
    byte[] beacon = SelectionBeacon.beacon(secret(1), "tx-declare");
    assertThat(SelectionBeacon.beacon(secret(1), "tx-declare")).isEqualTo(beacon);
    assertThat(SelectionBeacon.beacon(secret(2), "tx-declare")).isNotEqualTo(beacon);
    assertThat(SelectionBeacon.beacon(secret(1), "tx-other")).isNotEqualTo(beacon);
    // Domain-separated: not a plain hash of the same bytes.
    assertThat(beacon)
        .isNotEqualTo(Sha256.of(secret(1), "tx-declare".getBytes(StandardCharsets.UTF_8)))
        .hasSize(Sha256.LENGTH);
  }

  @Test
  void anyoneReDerivesTheSelectionFromTheRevealedSecret() {
    double[] norms = {5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    byte[] manifest = Sha256.of("manifest".getBytes(StandardCharsets.UTF_8));
    SegmentSelector.Selection original =
        SegmentSelector.select(
            norms, 1, 3, SegmentSelector.seed(manifest, SelectionBeacon.beacon(secret(9), "tx")));
    SegmentSelector.Selection again =
        SegmentSelector.select(
            norms, 1, 3, SegmentSelector.seed(manifest, SelectionBeacon.beacon(secret(9), "tx")));
    assertThat(again).isEqualTo(original);
    assertThat(original.topQ()).containsExactly(0);
    assertThat(original.random()).hasSize(3).doesNotContain(0);
  }

  @Test
  void aSecretOfTheWrongLengthIsRefused() {
    assertThatThrownBy(() -> SelectionBeacon.beacon(new byte[31], "tx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> SelectionBeacon.commitment(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
