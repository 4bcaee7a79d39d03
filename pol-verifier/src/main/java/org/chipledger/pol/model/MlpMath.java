package org.chipledger.pol.model;

/**
 * The MLP's loss and gradients in plain Java double arithmetic, for the work that need not be
 * bit-exact: the Verifier's memorisation statistic (forward passes only) and an attacker's data
 * crafting. Training and replay never use it: they run {@code SgdStepper}.
 */
public final class MlpMath {
  private MlpMath() {}

  /** The parameters as doubles, the form every method here takes. */
  public static double[] widen(Weights weights) {
    float[] w = weights.toArray();
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = w[i];
    }
    return out;
  }

  /** Mean softmax cross-entropy of {@code batch} at {@code w}: one forward pass, no gradient. */
  public static double loss(MlpSpec spec, double[] w, Batch batch) {
    float[] features = batch.features();
    int[] labels = batch.labels();
    double[] x = new double[spec.inputSize()];
    double sum = 0;
    for (int e = 0; e < labels.length; e++) {
      for (int f = 0; f < x.length; f++) {
        x[f] = features[e * x.length + f];
      }
      sum += backprop(spec, w, x, 0, labels[e], 0, null, null, 0);
    }
    return sum / labels.length;
  }

  /**
   * One example's loss at {@code w}; adds {@code scale} times its gradient with respect to the
   * weights into {@code gradW} and with respect to the example's features into {@code gradX} at
   * {@code gradXOffset} (either may be null to skip it).
   *
   * @param x the features, of which the example's start at {@code xOffset}
   */
  public static double backprop(
      MlpSpec spec,
      double[] w,
      double[] x,
      int xOffset,
      int label,
      double scale,
      double[] gradW,
      double[] gradX,
      int gradXOffset) {
    int layers = spec.layerCount();
    double[][] act = new double[layers + 1][];
    act[0] = new double[spec.inputSize()];
    System.arraycopy(x, xOffset, act[0], 0, act[0].length);
    for (int l = 0; l < layers; l++) {
      int in = spec.in(l);
      int out = spec.out(l);
      int wo = spec.weightOffset(l);
      int bo = spec.biasOffset(l);
      double[] z = new double[out];
      for (int o = 0; o < out; o++) {
        double s = w[bo + o];
        for (int i = 0; i < in; i++) {
          s += w[wo + o * in + i] * act[l][i];
        }
        z[o] = l < layers - 1 ? Math.max(0, s) : s;
      }
      act[l + 1] = z;
    }
    double[] logits = act[layers];
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double norm = 0;
    for (double v : logits) {
      norm += Math.exp(v - max);
    }
    double loss = Math.log(norm) + max - logits[label];
    if (gradW == null && gradX == null) {
      return loss;
    }
    double[] delta = new double[logits.length];
    for (int c = 0; c < delta.length; c++) {
      delta[c] = Math.exp(logits[c] - max) / norm - (c == label ? 1 : 0);
    }
    for (int l = layers - 1; l >= 0; l--) {
      int in = spec.in(l);
      int out = spec.out(l);
      int wo = spec.weightOffset(l);
      if (gradW != null) {
        for (int o = 0; o < out; o++) {
          gradW[spec.biasOffset(l) + o] += scale * delta[o];
          for (int i = 0; i < in; i++) {
            gradW[wo + o * in + i] += scale * delta[o] * act[l][i];
          }
        }
      }
      double[] previous = new double[in];
      for (int i = 0; i < in; i++) {
        double s = 0;
        for (int o = 0; o < out; o++) {
          s += w[wo + o * in + i] * delta[o];
        }
        // Below the first layer the ReLU passes the gradient only where it was active.
        previous[i] = l == 0 || act[l][i] > 0 ? s : 0;
      }
      delta = previous;
    }
    if (gradX != null) {
      for (int i = 0; i < delta.length; i++) {
        gradX[gradXOffset + i] += scale * delta[i];
      }
    }
    return loss;
  }
}
