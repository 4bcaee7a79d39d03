package org.chipledger.pol.verify;

import java.util.List;
import java.util.Optional;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.transcript.SnapshotClaim;

/**
 * The Verifier's inputs besides the transcript: the ledger commitment to the manifest (when known),
 * the unpredictable beacon for segment selection, and the chip snapshots attached to the run.
 *
 * @param commitmentRequired whether a missing commitment fails check 1 rather than skipping it: set
 *     when the ledger was asked and holds none, i.e. the run was never declared
 */
public record VerificationRequest(
    Optional<String> commitmentHex,
    boolean commitmentRequired,
    String beaconHex,
    List<SnapshotClaim> snapshots) {

  /** A request whose commitment, if absent, was simply not given: check 1 is skipped. */
  public VerificationRequest(
      Optional<String> commitmentHex, String beaconHex, List<SnapshotClaim> snapshots) {
    this(commitmentHex, false, beaconHex, snapshots);
  }

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
