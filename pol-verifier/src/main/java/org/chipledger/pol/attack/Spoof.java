package org.chipledger.pol.attack;

import java.nio.file.Path;
import java.util.List;
import org.chipledger.pol.transcript.SnapshotClaim;

/**
 * A spoofed transcript and the ledger view that goes with it under the attack's threat model: the
 * manifest commitment on the ledger (the honest one if the spoof was made after the honest run was
 * committed, the spoof's own if the attacker committed the spoof) and the chip snapshots of the
 * run.
 */
public record Spoof(
    AttackKind kind, Path dir, String ledgerCommitmentHex, List<SnapshotClaim> snapshots) {
  /** Copies the snapshot list. */
  public Spoof {
    snapshots = List.copyOf(snapshots);
  }
}
