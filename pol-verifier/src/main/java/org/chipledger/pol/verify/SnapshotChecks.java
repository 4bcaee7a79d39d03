package org.chipledger.pol.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;

/**
 * Whether each chip-logged snapshot is a state on the transcript: replayed from the nearest
 * checkpoint before it, bit-exactly or, with the prover's weights, within ε.
 */
record SnapshotChecks(RunContext run, Replayer replayer) {
  /** Whether a snapshot is a state on the transcript, and the evidence. */
  private record Finding(boolean matched, String text) {}

  CheckResult check() throws TranscriptException {
    if (run.request().snapshots().isEmpty() && run.request().commitmentRequired()) {
      // A run the ledger was asked about must show what its chips saw: a copied transcript of
      // another party's run has none under this run id.
      return new CheckResult.Failed(
          CheckName.SNAPSHOTS, "the ledger holds no chip snapshots for this run");
    }
    if (run.request().snapshots().isEmpty()) {
      return new CheckResult.Skipped(CheckName.SNAPSHOTS, "no snapshots attached to the run");
    }
    StringBuilder detail = new StringBuilder();
    boolean ok = true;
    for (SnapshotClaim claim : run.request().snapshots()) {
      Finding finding = snapshot(claim);
      ok &= finding.matched();
      detail.append(detail.length() == 0 ? "" : "; ");
      detail.append("step ").append(claim.step()).append(' ').append(finding.text());
    }
    return ok
        ? new CheckResult.Passed(CheckName.SNAPSHOTS, detail.toString())
        : new CheckResult.Failed(CheckName.SNAPSHOTS, detail.toString());
  }

  private Finding snapshot(SnapshotClaim claim) throws TranscriptException {
    Transcript transcript = run.transcript();
    int step = claim.step();
    if (step > transcript.steps()) {
      return new Finding(false, "is after the last step " + transcript.steps());
    }
    int nearest = 0;
    for (int i = 0; i < transcript.checkpointCount() && transcript.checkpointStep(i) <= step; i++) {
      nearest = i;
    }
    int base = transcript.checkpointStep(nearest);
    if (step != base && step - base >= run.allowedInterval()) {
      return new Finding(
          false,
          String.format(
              Locale.ROOT,
              "has no checkpoint within %d steps before it (nearest at step %d): checkpoints"
                  + " missing around the snapshot",
              run.allowedInterval(),
              base));
    }
    Weights start = transcript.checkpoint(nearest);
    Weights replayed = replayer.replay(start, base, step);
    if (Arrays.equals(replayed.chipHash(), claim.sha256())) {
      return new Finding(
          true,
          "matches bit-exactly (replayed " + (step - base) + " steps from step " + base + ")");
    }
    return withinEpsilon(start, replayed, claim, base);
  }

  /** A snapshot that is not bit-exact may still match the prover's weights within ε. */
  private Finding withinEpsilon(Weights start, Weights replayed, SnapshotClaim claim, int base) {
    Optional<Weights> supplied = suppliedWeights(claim);
    if (supplied.isEmpty()) {
      return new Finding(false, "does not match the state replayed from step " + base);
    }
    double distance = Verifier.normalisedDistance(start, supplied.get(), replayed);
    return distance <= run.policy().epsilon()
        ? new Finding(
            true,
            String.format(
                Locale.ROOT, "matches within eps (d=%.3e, replayed from step %d)", distance, base))
        : new Finding(
            false,
            String.format(
                Locale.ROOT,
                "is d=%.3e > eps from the state replayed from step %d",
                distance,
                base));
  }

  /** The prover-supplied snapshot weights, if present and hashing to the chip-logged value. */
  private Optional<Weights> suppliedWeights(SnapshotClaim claim) {
    Transcript transcript = run.transcript();
    try {
      byte[] bytes = Files.readAllBytes(transcript.dir().resolve(claim.weightsFileName()));
      if (bytes.length != 4L * transcript.spec().parameterCount()) {
        return Optional.empty();
      }
      Weights weights = Weights.fromCanonicalBytes(bytes);
      return Arrays.equals(weights.chipHash(), claim.sha256())
          ? Optional.of(weights)
          : Optional.empty();
    } catch (IOException e) {
      // Absent or unreadable: the prover did not supply usable weights, so only the hash can
      // match.
      return Optional.empty();
    }
  }
}
