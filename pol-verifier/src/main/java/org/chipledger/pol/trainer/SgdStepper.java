package org.chipledger.pol.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.Weights;

/**
 * One SGD step of the MLP, shared by the prover's trainer and the verifier's replay so that both
 * run exactly the same optimizer (paper-spec §6.6: "code generated from M").
 *
 * <p>Forward and backward run in PyTorch through DJL; the update {@code w ← w − lr·g} runs in Java
 * float32, so it is IEEE-exact and has no hidden optimizer options. The loss is the batch mean of
 * softmax cross-entropy.
 */
public final class SgdStepper implements AutoCloseable {
  /** DJL engine name of the numerical engine. */
  public static final String ENGINE_NAME = "PyTorch";

  private final MlpSpec spec;
  private final float learningRate;
  private final Engine engine;
  private final NDManager manager;

  /**
   * A stepper for {@code spec} at {@code learningRate}. It sets PyTorch's process-wide intra-op
   * thread count to {@code threads}, because replays are bit-exact only with the prover's thread
   * count.
   */
  public SgdStepper(MlpSpec spec, float learningRate, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.spec = spec;
    this.learningRate = learningRate;
    this.engine = Engine.getEngine(ENGINE_NAME);
    JniUtils.setNumThreads(threads);
    this.manager = engine.newBaseManager();
  }

  /** Version of the native engine, e.g. "2.7.1". */
  public static String engineVersion() {
    return Engine.getEngine(ENGINE_NAME).getVersion();
  }

  /** Version of DJL itself. */
  public static String frameworkVersion() {
    return "DJL " + Engine.getDjlVersion();
  }

  /** The outcome of one step: the new weights and the loss at the old ones. */
  public record Step(Weights weights, float loss) {}

  /** Applies one SGD step on {@code batch} to {@code weights}. */
  public Step step(Weights weights, Batch batch) {
    if (weights.size() != spec.parameterCount() || batch.inputSize() != spec.inputSize()) {
      throw new IllegalArgumentException("weights or batch do not fit the model " + spec);
    }
    float[] w = weights.toArray();
    float[] gradient = new float[w.length];
    float loss;
    try (NDManager m = manager.newSubManager()) {
      int layers = spec.layerCount();
      NDArray[] kernels = new NDArray[layers];
      NDArray[] biases = new NDArray[layers];
      for (int l = 0; l < layers; l++) {
        kernels[l] = leaf(m, w, spec.weightOffset(l), new Shape(spec.out(l), spec.in(l)));
        biases[l] = leaf(m, w, spec.biasOffset(l), new Shape(spec.out(l)));
      }
      NDArray x = m.create(batch.features(), new Shape(batch.size(), spec.inputSize()));
      NDArray oneHot = m.create(oneHot(batch.labels()), new Shape(batch.size(), spec.outputSize()));
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray h = x;
        for (int l = 0; l < layers; l++) {
          h = h.matMul(kernels[l].transpose()).add(biases[l]);
          if (l < layers - 1) {
            h = Activation.relu(h);
          }
        }
        NDArray lossArray = h.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
        collector.backward(lossArray);
        loss = lossArray.getFloat();
      }
      for (int l = 0; l < layers; l++) {
        copyGradient(kernels[l], gradient, spec.weightOffset(l));
        copyGradient(biases[l], gradient, spec.biasOffset(l));
      }
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = w[i] - learningRate * gradient[i];
    }
    return new Step(Weights.of(w), loss);
  }

  private static NDArray leaf(NDManager m, float[] w, int offset, Shape shape) {
    NDArray array = m.create(Arrays.copyOfRange(w, offset, offset + (int) shape.size()), shape);
    array.setRequiresGradient(true);
    return array;
  }

  private static void copyGradient(NDArray parameter, float[] gradient, int offset) {
    float[] g = parameter.getGradient().toFloatArray();
    System.arraycopy(g, 0, gradient, offset, g.length);
  }

  private float[] oneHot(int[] labels) {
    int classes = spec.outputSize();
    float[] out = new float[labels.length * classes];
    for (int e = 0; e < labels.length; e++) {
      if (labels[e] < 0 || labels[e] >= classes) {
        throw new IllegalArgumentException("label " + labels[e] + " outside 0.." + (classes - 1));
      }
      out[e * classes + labels[e]] = 1f;
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
