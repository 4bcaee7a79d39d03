package org.chipledger.pol.verify;

import java.util.List;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.SgdStepper;
import org.chipledger.pol.transcript.TranscriptException;

/** Re-runs training steps of a transcript and counts every step it replays, for the cost line. */
final class Replayer {
  private final RunContext run;
  private int replayedSteps;

  Replayer(RunContext run) {
    this.run = run;
  }

  /**
   * The weights reached from {@code start} by replaying steps {@code fromStep} to {@code toStep}.
   */
  Weights replay(Weights start, int fromStep, int toStep) throws TranscriptException {
    List<Batch> batches = run.transcript().batches(fromStep, toStep);
    Weights weights = start;
    try (SgdStepper stepper =
        new SgdStepper(
            run.transcript().spec(),
            run.manifest().getHyperparameters().getLearningRate(),
            run.replayThreads())) {
      for (Batch batch : batches) {
        weights = stepper.step(weights, batch).weights();
      }
    }
    replayedSteps += batches.size();
    return weights;
  }

  int replayedSteps() {
    return replayedSteps;
  }
}
