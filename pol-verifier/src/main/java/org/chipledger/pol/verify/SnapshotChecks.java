package org.chipledger.pol.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;

/**
 * Check 6: for a run on the ledger the chip snapshots must cover the run ({@link
 * SnapshotCoverage}), and each chip-logged snapshot must be a state on the transcript, replayed
 * from the last checkpoint before it, bit-exactly or, with the prover's weights, within ε.
 *
 * <p>A snapshot at a checkpoint's step is replayed from the checkpoint before, not compared with
 * the checkpoint itself: otherwise a prover who writes its checkpoints after training, where the
 * chips snapshotted, would make every snapshot match whatever led up to it.
 */
record SnapshotChecks(RunContext run, Replayer replayer, SegmentSelector.Selection selection) {
  /** Whether a snapshot is a state on the transcript, and the evidence. */
  private record Finding(boolean matched, String text) {}

  /** The replay in progress: from checkpoint {@code base}, reached {@code step}. */
  private record Cursor(int base, Weights start, int step, Weights state) {}

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
    List<String> parts = new ArrayList<>();
    boolean ok = coverage(parts);
    List<SnapshotClaim> claims = new ArrayList<>(run.request().snapshots());
    claims.sort(Comparator.comparingInt(SnapshotClaim::step));
    Cursor cursor = null;
    SortedSet<Integer> matched = new TreeSet<>();
    for (SnapshotClaim claim : claims) {
      Finding finding;
      if (claim.step() > run.transcript().steps()) {
        finding = new Finding(false, "is after the last step " + run.transcript().steps());
      } else {
        Optional<String> unlocated = unlocated(claim.step());
        if (unlocated.isPresent()) {
          finding = new Finding(false, unlocated.get());
        } else {
          cursor = advance(cursor, claim.step());
          finding = compare(cursor, claim);
        }
      }
      ok &= finding.matched();
      if (finding.matched()) {
        matched.add(claim.step());
      }
      parts.add("step " + claim.step() + ' ' + finding.text());
    }
    parts.add(guarantee(matched));
    String detail = String.join("; ", parts);
    return ok
        ? new CheckResult.Passed(CheckName.SNAPSHOTS, detail)
        : new CheckResult.Failed(CheckName.SNAPSHOTS, detail);
  }

  /**
   * For a run on the ledger: span, and with the chips' times, pace and FLOPs. Adds the findings;
   * false if one refuses the run.
   */
  private boolean coverage(List<String> parts) {
    VerificationRequest request = run.request();
    if (!request.commitmentRequired() && request.timeline().isEmpty()) {
      return true;
    }
    Transcript transcript = run.transcript();
    SortedSet<Integer> steps = new TreeSet<>();
    request.snapshots().forEach(c -> steps.add(c.step()));
    List<SnapshotCoverage.Finding> findings = new ArrayList<>();
    findings.add(SnapshotCoverage.span(steps, transcript.steps()));
    if (request.timeline().isPresent()) {
      double perStep =
          transcript.spec().trainingFlopsPerExample()
              * (double) run.manifest().getHyperparameters().getBatchSize();
      findings.add(SnapshotCoverage.pace(request.timeline().get(), transcript.steps()));
      findings.add(SnapshotCoverage.flops(request.timeline().get(), transcript.steps(), perStep));
    } else {
      parts.add("pace and chip FLOPs: no chip times given, not checked");
    }
    boolean ok = true;
    for (SnapshotCoverage.Finding finding : findings) {
      ok &= finding.ok();
      parts.add(finding.text());
    }
    return ok;
  }

  /** Why a snapshot at {@code step} cannot be located cheaply, if it cannot. */
  private Optional<String> unlocated(int step) {
    Transcript transcript = run.transcript();
    int nearest = floor(step);
    int base = transcript.checkpointStep(nearest);
    if (step != base && step - base >= run.allowedInterval()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "has no checkpoint within %d steps before it (nearest at step %d): checkpoints"
                  + " missing around the snapshot",
              run.allowedInterval(),
              base));
    }
    return Optional.empty();
  }

  /** The index of the last checkpoint at or before {@code step}. */
  private int floor(int step) {
    Transcript transcript = run.transcript();
    int nearest = 0;
    for (int i = 0; i < transcript.checkpointCount() && transcript.checkpointStep(i) <= step; i++) {
      nearest = i;
    }
    return nearest;
  }

  /**
   * The replay reaching {@code step} from the last checkpoint before it (checkpoint 0 for step 0):
   * continued from {@code cursor} when it replays from the same checkpoint, so snapshots within one
   * segment cost the segment once.
   */
  private Cursor advance(Cursor cursor, int step) throws TranscriptException {
    int floor = floor(step);
    int base = step > 0 && run.transcript().checkpointStep(floor) == step ? floor - 1 : floor;
    if (cursor != null && cursor.base() == base && cursor.step() <= step) {
      return new Cursor(
          base, cursor.start(), step, replayer.replay(cursor.state(), cursor.step(), step));
    }
    Weights start = run.transcript().checkpoint(base);
    int from = run.transcript().checkpointStep(base);
    return new Cursor(base, start, step, replayer.replay(start, from, step));
  }

  private Finding compare(Cursor cursor, SnapshotClaim claim) throws TranscriptException {
    int base = run.transcript().checkpointStep(cursor.base());
    if (Arrays.equals(cursor.state().chipHash(), claim.sha256())) {
      return new Finding(
          true,
          "matches bit-exactly (replayed "
              + (claim.step() - base)
              + " steps from step "
              + base
              + ")");
    }
    if (run.sameConfiguration()) {
      return new Finding(
          false,
          "does not match the state replayed from step "
              + base
              + " (the exact hash is required under the recorded configuration)");
    }
    return withinEpsilon(cursor.start(), cursor.state(), claim, base);
  }

  /** A snapshot that is not bit-exact may still match the prover's weights within ε. */
  private Finding withinEpsilon(Weights start, Weights replayed, SnapshotClaim claim, int base)
      throws TranscriptException {
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

  /**
   * The weights hashing to the chip-logged value: the prover's snapshot file, or the transcript's
   * checkpoint at the snapshot's step.
   */
  private Optional<Weights> suppliedWeights(SnapshotClaim claim) throws TranscriptException {
    Transcript transcript = run.transcript();
    try {
      byte[] bytes = Files.readAllBytes(transcript.dir().resolve(claim.weightsFileName()));
      if (bytes.length == 4L * transcript.spec().parameterCount()) {
        Weights weights = Weights.fromCanonicalBytes(bytes);
        if (Arrays.equals(weights.chipHash(), claim.sha256())) {
          return Optional.of(weights);
        }
      }
    } catch (IOException e) {
      // Absent or unreadable: the prover did not supply usable weights; the checkpoint may do.
    }
    int floor = floor(claim.step());
    if (transcript.checkpointStep(floor) == claim.step()) {
      Weights checkpoint = transcript.checkpoint(floor);
      if (Arrays.equals(checkpoint.chipHash(), claim.sha256())) {
        return Optional.of(checkpoint);
      }
    }
    return Optional.empty();
  }

  /** The stated guarantee with the matched snapshot steps (see {@link CatchProbability}). */
  private String guarantee(SortedSet<Integer> matched) {
    Transcript transcript = run.transcript();
    int m = matched.subSet(1, transcript.steps() + 1).size();
    ReplayLayout layout = ReplayLayout.of(transcript, selection);
    return ReplayLayout.stated(
        "P(caught by replay plus " + m + " chip snapshot steps | phi of the steps fabricated)",
        phi -> layout.withSnapshots(phi, m));
  }
}
