package org.chipledger.pol.verify;

import java.util.List;
import java.util.Optional;
import org.chipledger.pol.crypto.Sha256;
import org.chipledger.pol.transcript.SnapshotClaim;

/**
 * The Verifier's inputs besides the transcript: the ledger commitment to the manifest (when known),
 * the unpredictable beacon for segment selection, and the chip snapshots attached to the run.
 */
public record VerificationRequest(
    Optional<String> commitmentHex, String beaconHex, List<SnapshotClaim> snapshots) {

  /** Validates the hex inputs. */
  public VerificationRequest {
    commitmentHex.ifPresent(Sha256::parseDigest);
    if (Sha256.parseHex(beaconHex).length == 0) {
      throw new IllegalArgumentException("the beacon must not be empty");
    }
    snapshots = List.copyOf(snapshots);
  }

  /** The beacon bytes. */
  public byte[] beacon() {
    return Sha256.parseHex(beaconHex);
  }
}
