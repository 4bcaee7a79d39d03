package org.chipledger.pol.verify;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.chipledger.crypto.Sha256;

/**
 * The beacon of a ledger verification's random segments, from the Verifier's commit-reveal secret
 * and the run declaration's transaction id: {@code SHA-256(domain ‖ secret ‖ declaration tx id)}.
 *
 * <p>The Verifier commits {@link #commitment SHA-256(secret)} on the ledger after the run's
 * declaration and reveals the secret with its verdict; the ledger refuses a reveal that does not
 * match. The prover cannot predict the secret when it commits its transcript, the requester never
 * sees it, the Verifier cannot swap it once committed, and anyone can re-derive the selection from
 * the verdict's secret, the declaration's tx id and the manifest hash ({@link SegmentSelector}).
 */
public final class SelectionBeacon {
  /** Length of a secret: the commitment is then unambiguous. */
  public static final int SECRET_BYTES = 32;

  private static final byte[] DOMAIN =
      "chipledger/pol/selection-beacon/v1\0".getBytes(StandardCharsets.UTF_8);

  private SelectionBeacon() {}

  /** A fresh secret from a strong source. */
  public static byte[] freshSecret(SecureRandom random) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return secret;
  }

  /** What the Verifier commits on the ledger: SHA-256 of the secret, as the chaincode checks it. */
  public static byte[] commitment(byte[] secret) {
    return Sha256.of(check(secret));
  }

  /** The beacon that, with the manifest hash, seeds the random segments. */
  public static byte[] beacon(byte[] secret, String declarationTxId) {
    return Sha256.of(DOMAIN, check(secret), declarationTxId.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] check(byte[] secret) {
    if (secret.length != SECRET_BYTES) {
      throw new IllegalArgumentException(
          "a selection secret is " + SECRET_BYTES + " bytes, not " + secret.length);
    }
    return secret;
  }
}
