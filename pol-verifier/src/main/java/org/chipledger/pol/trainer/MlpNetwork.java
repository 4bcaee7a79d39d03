package org.chipledger.pol.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.MlpSpec;

/** The MLP: affine layers with ReLU between them, softmax cross-entropy over the classes. */
record MlpNetwork(MlpSpec spec) implements Network {

  @Override
  public NDArray loss(NDManager m, List<NDArray> parameters, Batch batch) {
    NDArray h = m.create(batch.features(), new Shape(batch.size(), spec.inputSize()));
    int layers = spec.layerCount();
    for (int l = 0; l < layers; l++) {
      h = h.matMul(parameters.get(2 * l).transpose()).add(parameters.get(2 * l + 1));
      if (l < layers - 1) {
        h = Activation.relu(h);
      }
    }
    NDArray targets =
        m.create(
            Network.oneHot(batch.labels(), spec.outputSize()),
            new Shape(batch.size(), spec.outputSize()));
    return Network.crossEntropy(h, targets);
  }
}
