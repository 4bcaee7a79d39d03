package org.chipledger.pol.trainer;

import org.chipledger.pol.model.Weights;

/**
 * Receives the live weights during training: called once with step 0 (the initialisation) and then
 * after every optimizer step. This is where an emulated chip's firmware snapshots the weights it
 * holds.
 */
@FunctionalInterface
public interface StepListener {
  /** The weights after {@code step} optimizer steps. */
  void onStep(int step, Weights weights);
}
