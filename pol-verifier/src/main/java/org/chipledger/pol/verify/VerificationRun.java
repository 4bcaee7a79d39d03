package org.chipledger.pol.verify;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;

/** One verification of a loaded transcript: runs the named checks in report order. */
final class VerificationRun {
  private final RunContext run;
  private final Replayer replayer;

  VerificationRun(Transcript transcript, VerificationRequest request, VerifierPolicy policy) {
    this.run = new RunContext(transcript, request, policy);
    this.replayer = new Replayer(run);
  }

  List<CheckResult> checks() {
    List<CheckResult> checks = new ArrayList<>();
    checks.add(TranscriptChecks.loaded(run.transcript()));
    checks.add(TranscriptChecks.commitment(run));
    try {
      checks.add(TranscriptChecks.dataCommitment(run));
      checks.add(TranscriptChecks.initialisation(run));
      List<Weights> checkpoints = checkpoints();
      SegmentChecks segments = new SegmentChecks(run, replayer);
      SegmentSelector.Selection selection = segments.select(checkpoints);
      CheckResult selectionResult = segments.selection(checkpoints, selection);
      checks.add(selectionResult);
      checks.add(
          selectionResult instanceof CheckResult.Failed
              ? new CheckResult.Skipped(CheckName.SEGMENT_REPLAY, "no acceptable segmentation")
              : segments.replay(checkpoints, selection));
      checks.add(new SnapshotChecks(run, replayer).check(checkpoints));
    } catch (TranscriptException e) {
      // A file changed or vanished after load: the transcript is unusable from here on.
      checks.add(new CheckResult.Failed(CheckName.TRANSCRIPT, e.getMessage()));
    }
    checks.add(ComputeCheck.check(run));
    return checks;
  }

  /** Training steps replayed so far. */
  int replayedSteps() {
    return replayer.replayedSteps();
  }

  private List<Weights> checkpoints() throws TranscriptException {
    Transcript transcript = run.transcript();
    List<Weights> checkpoints = new ArrayList<>();
    for (int i = 0; i < transcript.checkpointCount(); i++) {
      checkpoints.add(transcript.checkpoint(i));
    }
    return checkpoints;
  }
}
