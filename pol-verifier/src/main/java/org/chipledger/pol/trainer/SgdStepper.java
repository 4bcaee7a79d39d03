package org.chipledger.pol.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.ModelSpec;
import org.chipledger.pol.model.ParameterBlock;
import org.chipledger.pol.model.Weights;

/**
 * One SGD step of a model (the MLP or the transformer), shared by the prover's trainer and the
 * verifier's replay so that both run exactly the same optimizer (paper-spec §6.6: "code generated
 * from M").
 *
 * <p>Forward and backward run in PyTorch through DJL ({@link Network}); the update {@code w ← w −
 * lr·g} runs in Java float32, so it is IEEE-exact and has no hidden optimizer options. The loss is
 * the mean of softmax cross-entropy over the batch (and, for the transformer, every position).
 */
public final class SgdStepper implements AutoCloseable {
  /** DJL engine name of the numerical engine. */
  public static final String ENGINE_NAME = "PyTorch";

  static {
    // DJL reads these once, when the engine loads. Without either, libtorch starts its pool at the
    // core count before the first step sets it, and the transformer's steps were measured to
    // differ between identical runs and reach NaN (verifier calibrate --transformer, 2026-12-08);
    // with one of them set, reruns are bit-identical at 1 and 2 threads.
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  private final ModelSpec spec;
  private final Network network;
  private final List<ParameterBlock> blocks;
  private final float learningRate;
  private final Engine engine;
  private final NDManager manager;

  /**
   * A stepper for {@code spec} at {@code learningRate}. It sets PyTorch's process-wide intra-op
   * thread count to {@code threads}, because replays are bit-exact only with the prover's thread
   * count.
   */
  public SgdStepper(ModelSpec spec, float learningRate, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.spec = spec;
    this.network = Network.of(spec);
    this.blocks = spec.parameterBlocks();
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

  /**
   * Applies one SGD step on {@code batch} to {@code weights}.
   *
   * @throws IllegalArgumentException if the weights or the batch do not fit the model, or a label
   *     or token id is out of range
   */
  public Step step(Weights weights, Batch batch) {
    if (weights.size() != spec.parameterCount() || batch.inputSize() != spec.inputSize()) {
      throw new IllegalArgumentException("weights or batch do not fit the model " + spec);
    }
    spec.invalidInput(batch)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    float[] w = weights.toArray();
    float[] gradient = new float[w.length];
    float loss;
    try (NDManager m = manager.newSubManager()) {
      List<NDArray> parameters = new ArrayList<>(blocks.size());
      for (ParameterBlock block : blocks) {
        parameters.add(leaf(m, w, block));
      }
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray lossArray = network.loss(m, parameters, batch);
        collector.backward(lossArray);
        loss = lossArray.getFloat();
      }
      for (int i = 0; i < blocks.size(); i++) {
        float[] g = parameters.get(i).getGradient().toFloatArray();
        System.arraycopy(g, 0, gradient, blocks.get(i).offset(), g.length);
      }
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = w[i] - learningRate * gradient[i];
    }
    return new Step(Weights.of(w), loss);
  }

  private static NDArray leaf(NDManager m, float[] w, ParameterBlock block) {
    NDArray array =
        m.create(
            Arrays.copyOfRange(w, block.offset(), block.offset() + block.size()),
            new Shape(block.dimensions()));
    array.setRequiresGradient(true);
    return array;
  }

  @Override
  public void close() {
    manager.close();
  }
}
