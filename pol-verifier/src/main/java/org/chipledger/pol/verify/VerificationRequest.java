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
 * @param declaration the run id and chips the ledger's declaration names, when known: the
 *     manifest's run id and chip ids must equal them (check 1), so that a transcript cannot be
 *     passed off as another run's
 * @param timeline when the run's chips took their snapshots, when known (for a run on the ledger):
 *     check 6 then holds the snapshots to the run's span and pace
 */
public record VerificationRequest(
    Optional<String> commitmentHex,
    boolean commitmentRequired,
    String beaconHex,
    List<SnapshotClaim> snapshots,
    OptionalDouble ledgerDeclaredFlop,
    OptionalDouble ledgerThresholdFlop,
    Optional<Declaration> declaration,
    Optional<ChipTimeline> timeline) {

  /** What a run's ledger declaration names. */
  public record Declaration(String runId, List<String> chipIds) {
    /** Copies the chip ids. */
    public Declaration {
      chipIds = List.copyOf(chipIds);
    }
  }

  /** A request without the chips' timeline. */
  public VerificationRequest(
      Optional<String> commitmentHex,
      boolean commitmentRequired,
      String beaconHex,
      List<SnapshotClaim> snapshots,
      OptionalDouble ledgerDeclaredFlop,
      OptionalDouble ledgerThresholdFlop,
      Optional<Declaration> declaration) {
    this(
        commitmentHex,
        commitmentRequired,
        beaconHex,
        snapshots,
        ledgerDeclaredFlop,
        ledgerThresholdFlop,
        declaration,
        Optional.empty());
  }

  /** A request without the ledger's declaration. */
  public VerificationRequest(
      Optional<String> commitmentHex,
      boolean commitmentRequired,
      String beaconHex,
      List<SnapshotClaim> snapshots,
      OptionalDouble ledgerDeclaredFlop,
      OptionalDouble ledgerThresholdFlop) {
    this(
        commitmentHex,
        commitmentRequired,
        beaconHex,
        snapshots,
        ledgerDeclaredFlop,
        ledgerThresholdFlop,
        Optional.empty());
  }

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
