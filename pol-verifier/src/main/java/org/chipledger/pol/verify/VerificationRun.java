package org.chipledger.pol.verify;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.pol.transcript.TranscriptException;

/**
 * One verification of a loaded transcript: runs the named checks in report order and stops at the
 * first fatal one (the transcript became unreadable, the data is not the committed data, or the
 * first checkpoint is not the committed initialisation), so a hostile transcript costs no replay.
 * It holds at most two checkpoints at a time.
 */
final class VerificationRun {
  private final RunContext run;
  private final Replayer replayer;
  private final int memorisationSegments;

  VerificationRun(RunContext run, int memorisationSegments) {
    this.run = run;
    this.replayer = new Replayer(run);
    this.memorisationSegments = memorisationSegments;
  }

  List<CheckResult> checks() {
    List<CheckResult> checks = new ArrayList<>();
    checks.add(TranscriptChecks.loaded(run.transcript()));
    checks.add(TranscriptChecks.commitment(run));
    try {
      if (fatal(checks, TranscriptChecks.dataCommitment(run))
          || fatal(checks, TranscriptChecks.initialisation(run))) {
        return stopped(checks);
      }
      SegmentChecks segments = new SegmentChecks(run, replayer);
      SegmentSelector.Selection selection = segments.select();
      CheckResult selectionResult = segments.selection(selection);
      checks.add(selectionResult);
      checks.add(
          selectionResult instanceof CheckResult.Failed
              ? new CheckResult.Skipped(CheckName.SEGMENT_REPLAY, "no acceptable segmentation")
              : segments.replay(selection));
      checks.add(new SnapshotChecks(run, replayer, selection).check());
      checks.add(ComputeCheck.check(run));
      checks.add(new MemorisationCheck(run, memorisationSegments).check());
    } catch (TranscriptException e) {
      // A file changed or vanished after load: the transcript is unusable from here on.
      checks.add(new CheckResult.Failed(CheckName.TRANSCRIPT, e.getMessage()));
      return stopped(checks);
    }
    return checks;
  }

  /** Adds {@code result}; true if it failed, which ends the verification. */
  private static boolean fatal(List<CheckResult> checks, CheckResult result) {
    checks.add(result);
    return result instanceof CheckResult.Failed;
  }

  /** Every check after the last one run is skipped, naming the failure that stopped the run. */
  private static List<CheckResult> stopped(List<CheckResult> checks) {
    CheckResult last = checks.get(checks.size() - 1);
    int reached = checks.stream().mapToInt(c -> c.check().code()).max().orElse(0);
    for (CheckName name : CheckName.values()) {
      if (name.code() > reached) {
        checks.add(
            new CheckResult.Skipped(name, "verification stopped: " + last.check() + " failed"));
      }
    }
    return checks;
  }

  /** Training steps replayed so far. */
  int replayedSteps() {
    return replayer.replayedSteps();
  }
}
