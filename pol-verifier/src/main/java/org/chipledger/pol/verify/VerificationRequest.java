package org.chipledger.pol.verify;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.transcript.SnapshotClaim;

/**
 * The Verifier's inputs besides the transcript: the ledger commitment to the manifest (when known),
 * the unpredictable beacon for segment selection, and the chip snapshots attached to the run.
 *
 * @param commitmentRequired whether a missing commitment fails check 1 rather than skipping it: set
 *     when the ledger was asked and holds none, i.e. the run was never declared
 * @param ledgerDeclaredFlop the FLOPs the run's ledger declaration names, when known: the compute
 *     check fails if the transcript's steps x per-step FLOPs do not match it
 * @param ledgerThresholdFlop the H in force when the run started, by the ledger's schedule, when
 *     known: it replaces the policy's H in the compute check
 */
public record VerificationRequest(
    Optional<String> commitmentHex,
    boolean commitmentRequired,
    String beaconHex,
    List<SnapshotClaim> snapshots,
    OptionalDouble ledgerDeclaredFlop,
    OptionalDouble ledgerThresholdFlop) {

  /** A request without the ledger's declared FLOPs and H. */
  public VerificationRequest(
      Optional<String> commitmentHex,
      boolean commitmentRequired,
      String beaconHex,
      List<SnapshotClaim> snapshots) {
    this(
        commitmentHex,
        commitmentRequired,
        beaconHex,
        snapshots,
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }

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
