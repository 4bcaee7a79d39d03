package org.chipledger.pol.attack;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.MlpMath;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.SyntheticData;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.SgdStepper;

/**
 * Zhang et al.'s (S&P 2022) "adversarial examples" for Proof-of-Learning: data points crafted so
 * that a real SGD step on them moves the weights where the attacker wants, so a history ending at
 * stolen weights is made of genuine optimizer steps (paper-spec §8.1).
 *
 * <p>For each step the attacker starts from a batch of ordinary task data (labels kept fixed) and
 * runs {@code iterations} steps of Adam on the features to minimise f(X) = ‖lr·∇_W L(W, X) − d‖²,
 * with d = W − W_next the update it needs. ∇_X f is a second-order gradient (the gradient of a
 * weight gradient), which DJL's PyTorch binding does not expose; it is computed here as a
 * finite-difference Hessian-vector product of first-order input gradients: with r = lr·∇_W L − d
 * and u = r/‖r‖, ∇_X (r·∇_W L) ≈ ‖r‖·(∇_X L(W + h·u) − ∇_X L(W − h·u))/(2h). That costs three batch
 * gradients per iteration (one weight gradient, two input gradients), so a crafted step costs about
 * 3N + 1 batch gradients, the order of Zhang's "20 times" for N = 10 (paper-spec row 31). The
 * crafting runs in the plain-Java double MLP ({@link MlpMath}); the step then taken on the crafted
 * batch is a real {@link SgdStepper} step, so the history replays bit-exactly on its own data.
 *
 * <p>Features are clamped to the task's domain [−1, 1], so every crafted point is a valid input.
 */
public final class AdversarialSteps {
  /** Adam iterations per crafted step: Zhang's N, "as small as 10 in Attack II". */
  public static final int ZHANG_ITERATIONS = 10;

  private static final double FD_STEP = 1e-4;
  private static final double ADAM_RATE = 0.1;

  private AdversarialSteps() {}

  /**
   * A crafted history: the batches, the weights after each step (index 0 the start), and its cost.
   *
   * @param gradientEquivalents batch gradients computed to craft it (the real steps included)
   */
  public record History(List<Batch> batches, List<Weights> states, long gradientEquivalents) {
    /** Copies the lists. */
    public History {
      batches = List.copyOf(batches);
      states = List.copyOf(states);
    }

    /** The last state reached. */
    public Weights end() {
      return states.get(states.size() - 1);
    }
  }

  /**
   * Crafts {@code steps} real SGD steps at {@code learningRate} from {@code start} towards {@code
   * target}: each step aims at an equal share of the distance still left, so the history corrects
   * its own misses.
   */
  public static History craft(
      MlpSpec spec,
      float learningRate,
      int threads,
      Weights start,
      Weights target,
      int steps,
      int batchSize,
      long seed,
      int iterations) {
    List<Batch> seeds = SyntheticData.generate(spec, batchSize, steps, seed);
    List<Batch> batches = new ArrayList<>(steps);
    List<Weights> states = new ArrayList<>(steps + 1);
    states.add(start);
    Weights w = start;
    long cost = 0;
    try (SgdStepper stepper = new SgdStepper(spec, learningRate, threads)) {
      for (int s = 0; s < steps; s++) {
        Weights aim = w.interpolate(target, 1.0 / (steps - s));
        Batch crafted = craftBatch(spec, learningRate, w, aim, seeds.get(s), iterations);
        cost += 3L * iterations + 1;
        w = stepper.step(w, crafted).weights();
        batches.add(crafted);
        states.add(w);
      }
    }
    return new History(batches, states, cost);
  }

  /**
   * A batch whose SGD step from {@code from} lands near {@code aim}, starting from {@code init}.
   */
  static Batch craftBatch(
      MlpSpec spec, float learningRate, Weights from, Weights aim, Batch init, int iterations) {
    double[] w = MlpMath.widen(from);
    double[] needed = MlpMath.widen(aim);
    for (int i = 0; i < w.length; i++) {
      needed[i] = w[i] - needed[i];
    }
    int[] labels = init.labels();
    double[] x = widen(init.features());
    double[] m = new double[x.length];
    double[] v = new double[x.length];
    double[] best = x.clone();
    double bestMiss = Double.POSITIVE_INFINITY;
    for (int it = 1; it <= iterations + 1; it++) {
      double[] r = residual(spec, learningRate, w, x, labels, needed);
      double miss = norm(r);
      if (miss < bestMiss) {
        bestMiss = miss;
        best = x.clone();
      }
      if (it > iterations || miss == 0) {
        break;
      }
      double[] grad = featureGradient(spec, learningRate, w, x, labels, r, miss);
      adam(x, grad, m, v, it);
    }
    float[] features = new float[best.length];
    for (int i = 0; i < best.length; i++) {
      features[i] = (float) best[i];
    }
    return Batch.of(spec.inputSize(), features, labels);
  }

  /** r = lr·∇_W L(W, X) − d. */
  private static double[] residual(
      MlpSpec spec, float lr, double[] w, double[] x, int[] labels, double[] needed) {
    double[] g = new double[w.length];
    int in = spec.inputSize();
    for (int e = 0; e < labels.length; e++) {
      MlpMath.backprop(spec, w, x, e * in, labels[e], 1.0 / labels.length, g, null, 0);
    }
    for (int i = 0; i < g.length; i++) {
      g[i] = lr * g[i] - needed[i];
    }
    return g;
  }

  /** ∇_X ‖r‖² = 2·lr·∇_X (r·∇_W L), by the finite-difference Hessian-vector product. */
  private static double[] featureGradient(
      MlpSpec spec, float lr, double[] w, double[] x, int[] labels, double[] r, double rNorm) {
    double[] plus = w.clone();
    double[] minus = w.clone();
    for (int i = 0; i < w.length; i++) {
      plus[i] += FD_STEP * r[i] / rNorm;
      minus[i] -= FD_STEP * r[i] / rNorm;
    }
    double[] grad = new double[x.length];
    int in = spec.inputSize();
    double scale = 2.0 * lr * rNorm / (2 * FD_STEP) / labels.length;
    for (int e = 0; e < labels.length; e++) {
      MlpMath.backprop(spec, plus, x, e * in, labels[e], scale, null, grad, e * in);
      MlpMath.backprop(spec, minus, x, e * in, labels[e], -scale, null, grad, e * in);
    }
    return grad;
  }

  private static void adam(double[] x, double[] grad, double[] m, double[] v, int t) {
    double b1 = 0.9;
    double b2 = 0.999;
    for (int i = 0; i < x.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * grad[i];
      v[i] = b2 * v[i] + (1 - b2) * grad[i] * grad[i];
      double mh = m[i] / (1 - Math.pow(b1, t));
      double vh = v[i] / (1 - Math.pow(b2, t));
      x[i] = Math.max(-1, Math.min(1, x[i] - ADAM_RATE * mh / (Math.sqrt(vh) + 1e-12)));
    }
  }

  private static double[] widen(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static double norm(double[] values) {
    double s = 0;
    for (double d : values) {
      s += d * d;
    }
    return Math.sqrt(s);
  }
}
