package org.chipledger.pol.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.ModelSpec;
import org.chipledger.pol.model.TransformerSpec;

/** A model's forward pass, from its parameter tensors (in checkpoint order) to the batch loss. */
sealed interface Network permits MlpNetwork, TransformerNetwork {

  /** The scalar loss of {@code batch} at {@code parameters}, recorded for autograd. */
  NDArray loss(NDManager manager, List<NDArray> parameters, Batch batch);

  /** The forward pass of {@code spec}. */
  static Network of(ModelSpec spec) {
    if (spec instanceof TransformerSpec transformer) {
      return new TransformerNetwork(transformer);
    }
    return new MlpNetwork((MlpSpec) spec);
  }

  /** Row-major one-hot rows of {@code ids} over {@code classes}; ids were validated before. */
  static float[] oneHot(int[] ids, int classes) {
    float[] out = new float[ids.length * classes];
    for (int i = 0; i < ids.length; i++) {
      out[i * classes + ids[i]] = 1f;
    }
    return out;
  }

  /**
   * Mean softmax cross-entropy of {@code logits} (classes on the last axis) against one-hot {@code
   * targets} of the same shape.
   */
  static NDArray crossEntropy(NDArray logits, NDArray targets) {
    return logits.logSoftmax(-1).mul(targets).sum(new int[] {-1}).neg().mean();
  }
}
