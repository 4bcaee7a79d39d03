package org.chipledger.pol.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.TransformerSpec;

/**
 * The GPT-style transformer's forward pass, written out in tensor operations (no DJL block) so that
 * every parameter is one of the checkpoint's tensors and the arithmetic is the same on the prover's
 * and the verifier's side.
 */
record TransformerNetwork(TransformerSpec spec) implements Network {
  /** Tensors per block: two norms (gain, bias) and four affine maps (weight, bias). */
  private static final int TENSORS_PER_BLOCK = 12;

  /** Added to the attention score of a later position: exp underflows to exactly 0. */
  private static final float MASKED = -1e9f;

  private static final float NORM_EPSILON = 1e-5f;

  @Override
  public NDArray loss(NDManager m, List<NDArray> parameters, Batch batch) {
    int b = batch.size();
    int t = spec.contextLength();
    int v = spec.vocabSize();
    NDArray logits = logits(m, parameters, batch);
    NDArray targets = m.create(Network.oneHot(targets(batch), v), new Shape(b, t, v));
    return Network.crossEntropy(logits, targets);
  }

  /** The next-token logits [batch][context][vocab]. */
  NDArray logits(NDManager m, List<NDArray> p, Batch batch) {
    int b = batch.size();
    int t = spec.contextLength();
    int d = spec.width();
    int v = spec.vocabSize();
    NDArray tokens = m.create(Network.oneHot(inputs(batch), v), new Shape((long) b * t, v));
    NDArray x = tokens.matMul(p.get(0)).reshape(b, t, d).add(p.get(1));
    NDArray mask = m.create(causalMask(t), new Shape(t, t));
    int i = 2;
    for (int l = 0; l < spec.layers(); l++) {
      NDArray attention = attention(norm(x, p.get(i), p.get(i + 1)), p.subList(i + 2, i + 6), mask);
      x = x.add(attention);
      NDArray h = norm(x, p.get(i + 6), p.get(i + 7));
      h = Activation.relu(affine(h, p.get(i + 8), p.get(i + 9)));
      x = x.add(affine(h, p.get(i + 10), p.get(i + 11)));
      i += TENSORS_PER_BLOCK;
    }
    return affine(norm(x, p.get(i), p.get(i + 1)), p.get(i + 2), p.get(i + 3));
  }

  /** Causal multi-head self-attention of {@code h} [batch][context][width]. */
  private NDArray attention(NDArray h, List<NDArray> p, NDArray mask) {
    Shape shape = h.getShape();
    long b = shape.get(0);
    long t = shape.get(1);
    int heads = spec.heads();
    int headWidth = spec.width() / heads;
    NDList qkv = affine(h, p.get(0), p.get(1)).split(3, 2);
    NDArray q = qkv.get(0).reshape(b, t, heads, headWidth).transpose(0, 2, 1, 3);
    NDArray k = qkv.get(1).reshape(b, t, heads, headWidth).transpose(0, 2, 1, 3);
    NDArray values = qkv.get(2).reshape(b, t, heads, headWidth).transpose(0, 2, 1, 3);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(1f / (float) Math.sqrt(headWidth));
    NDArray weights = scores.add(mask).softmax(-1);
    NDArray merged = weights.matMul(values).transpose(0, 2, 1, 3).reshape(b, t, spec.width());
    return affine(merged, p.get(2), p.get(3));
  }

  private static NDArray affine(NDArray x, NDArray weight, NDArray bias) {
    return x.matMul(weight.transpose()).add(bias);
  }

  private static NDArray norm(NDArray x, NDArray gain, NDArray bias) {
    NDArray centred = x.sub(x.mean(new int[] {-1}, true));
    NDArray variance = centred.square().mean(new int[] {-1}, true);
    return centred.div(variance.add(NORM_EPSILON).sqrt()).mul(gain).add(bias);
  }

  private static float[] causalMask(int t) {
    float[] mask = new float[t * t];
    for (int row = 0; row < t; row++) {
      for (int col = row + 1; col < t; col++) {
        mask[row * t + col] = MASKED;
      }
    }
    return mask;
  }

  /** The input token ids, row-major [batch][context]. */
  private static int[] inputs(Batch batch) {
    float[] features = batch.features();
    int[] ids = new int[features.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) features[i];
    }
    return ids;
  }

  /** Each position's next token: the window shifted by one, the label last. */
  private int[] targets(Batch batch) {
    int t = spec.contextLength();
    int[] inputs = inputs(batch);
    int[] labels = batch.labels();
    int[] targets = new int[inputs.length];
    for (int e = 0; e < labels.length; e++) {
      System.arraycopy(inputs, e * t + 1, targets, e * t, t - 1);
      targets[e * t + t - 1] = labels[e];
    }
    return targets;
  }
}
