package org.chipledger.pol.verify;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.chipledger.pol.transcript.Transcript;

/**
 * What the stated guarantee reads from a selection: the run's steps, the steps outside top-Q, the
 * random segments drawn and whether every segment was replayed (see {@link CatchProbability}).
 */
record ReplayLayout(long totalSteps, long outsideTopQ, int drawn, boolean allDrawn) {
  static ReplayLayout of(Transcript transcript, SegmentSelector.Selection selection) {
    long outside = transcript.steps();
    for (int index : selection.topQ()) {
      outside -= transcript.checkpointStep(index + 1) - transcript.checkpointStep(index);
    }
    return new ReplayLayout(
        transcript.steps(),
        outside,
        selection.random().size(),
        selection.all().size() == transcript.checkpointCount() - 1);
  }

  /** The bound by replay alone for fraction {@code phi}. */
  double replayAlone(double phi) {
    return CatchProbability.lowerBound(phi, totalSteps, outsideTopQ, drawn, allDrawn);
  }

  /** The bound by replay plus {@code snapshotSteps} matched chip snapshot steps. */
  double withSnapshots(double phi, int snapshotSteps) {
    return CatchProbability.withSnapshots(
        phi, totalSteps, outsideTopQ, drawn, allDrawn, snapshotSteps);
  }

  /** "{@code label} >= 1%: …, 5%: …, 10%: …, 50%: …" for the stated fractions. */
  static String stated(String label, DoubleUnaryOperator bound) {
    StringBuilder text = new StringBuilder(label).append(" >=");
    for (double phi : CatchProbability.STATED_FRACTIONS) {
      text.append(
          String.format(Locale.ROOT, " %.0f%%: %.4f,", 100 * phi, bound.applyAsDouble(phi)));
    }
    text.setLength(text.length() - 1);
    return text.toString();
  }
}
