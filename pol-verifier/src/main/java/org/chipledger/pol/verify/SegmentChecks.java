package org.chipledger.pol.verify;

import java.util.Locale;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;

/**
 * Segment selection and replay: every segment must be short enough to replay, and the selected ones
 * must reproduce their end checkpoint within ε.
 */
record SegmentChecks(RunContext run, Replayer replayer) {
  /**
   * The top-Q and random segments, from the checkpoints' update norms, computed pairwise: at most
   * two checkpoints are held at a time.
   */
  SegmentSelector.Selection select() throws TranscriptException {
    Transcript transcript = run.transcript();
    double[] norms = new double[transcript.checkpointCount() - 1];
    Weights previous = transcript.checkpoint(0);
    for (int i = 0; i < norms.length; i++) {
      Weights next = transcript.checkpoint(i + 1);
      norms[i] = next.l2Distance(previous);
      previous = next;
    }
    int[] steps = new int[norms.length];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = transcript.checkpointStep(i + 1) - transcript.checkpointStep(i);
    }
    VerifierPolicy policy = run.policy();
    return SegmentSelector.select(
        norms, steps, policy.topQ(), policy.randomSegments(), run.selectionSeed());
  }

  CheckResult selection(SegmentSelector.Selection selection) {
    Transcript transcript = run.transcript();
    int allowed = run.allowedInterval();
    for (int i = 0; i + 1 < transcript.checkpointCount(); i++) {
      int length = transcript.checkpointStep(i + 1) - transcript.checkpointStep(i);
      if (length > allowed) {
        return new CheckResult.Failed(
            CheckName.SEGMENT_SELECTION,
            String.format(
                Locale.ROOT,
                "segment %d (steps %d->%d) is %d steps; at most %d accepted",
                i,
                transcript.checkpointStep(i),
                transcript.checkpointStep(i + 1),
                length,
                allowed));
      }
    }
    return new CheckResult.Passed(
        CheckName.SEGMENT_SELECTION,
        String.format(
            Locale.ROOT,
            "%d segments of at most %d steps; top-%d by update norm %s, random %s drawn by step"
                + " from seed %s; %s",
            transcript.checkpointCount() - 1,
            allowed,
            run.policy().topQ(),
            selection.topQ(),
            selection.random(),
            Sha256.hex(run.selectionSeed()),
            guarantee(selection)));
  }

  /** The stated guarantee of this selection, by replay alone (see {@link CatchProbability}). */
  private String guarantee(SegmentSelector.Selection selection) {
    Transcript transcript = run.transcript();
    ReplayLayout layout = ReplayLayout.of(transcript, selection);
    StringBuilder text =
        new StringBuilder(
            ReplayLayout.stated(
                "P(caught by replay | phi of the steps fabricated)", layout::replayAlone));
    DetectionTarget target = run.policy().target();
    if (target.isSet()) {
      double bound = layout.replayAlone(target.fraction());
      text.append(
          String.format(
              Locale.ROOT,
              "; policy target %.0f%% fabricated caught with >= %.4f: %s (bound %.4f, %d random"
                  + " segments)",
              100 * target.fraction(),
              target.confidence(),
              bound >= target.confidence() ? "met" : "NOT MET",
              bound,
              selection.random().size()));
    }
    return text.toString();
  }

  CheckResult replay(SegmentSelector.Selection selection) throws TranscriptException {
    StringBuilder detail = new StringBuilder();
    boolean ok = true;
    // Under the recorded configuration replay is bit-exact, so ε would only be room to cheat in.
    boolean exact = run.sameConfiguration();
    for (int index : selection.all()) {
      int from = run.transcript().checkpointStep(index);
      int to = run.transcript().checkpointStep(index + 1);
      Weights start = run.transcript().checkpoint(index);
      Weights replayed = replayer.replay(start, from, to);
      double distance =
          Verifier.normalisedDistance(start, run.transcript().checkpoint(index + 1), replayed);
      boolean identical =
          java.util.Arrays.equals(
              replayed.sha256(),
              run.manifest().getCheckpoints(index + 1).getSha256().toByteArray());
      boolean within = exact ? identical : distance <= run.policy().epsilon();
      ok &= within;
      detail.append(
          String.format(
              Locale.ROOT,
              "%ssegment %d (steps %d->%d, %s): d=%.3e %s",
              detail.length() == 0 ? "" : "; ",
              index,
              from,
              to,
              selection.topQ().contains(index) ? "top-Q" : "random",
              distance,
              exact
                  ? (identical ? "bit-exact" : "NOT bit-exact under the recorded configuration")
                  : (within ? "<= eps" : "> eps")));
    }
    if (detail.length() == 0) {
      detail.append("no segment selected");
    }
    detail.append("; ").append(configuration(exact));
    return ok
        ? new CheckResult.Passed(CheckName.SEGMENT_REPLAY, detail.toString())
        : new CheckResult.Failed(CheckName.SEGMENT_REPLAY, detail.toString());
  }

  /** Which rule the replay was held to, and why. */
  private String configuration(boolean exact) {
    String recorded =
        org.chipledger.pol.trainer.EngineConfiguration.describe(run.manifest().getEngine());
    return exact
        ? "replayed under the recorded configuration (" + recorded + "): exact hashes required"
        : String.format(
            Locale.ROOT,
            "replayed with %d threads here, not the recorded configuration (%s): eps=%.3e"
                + " applies, calibrated by %s",
            run.replayThreads(),
            recorded,
            run.policy().epsilon(),
            run.policy().epsilonBasis());
  }
}
