package org.chipledger.pol.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded training data a model can really learn. For the MLP, a classification task: features
 * uniform in [−1, 1), the label is the argmax of a fixed random linear "teacher" applied to them;
 * for the transformer, windows of {@link TextCorpus} text. Pure Java arithmetic, so the same seed
 * yields the same bytes on every JVM.
 */
public final class SyntheticData {
  private SyntheticData() {}

  /** {@code count} batches of {@code batchSize} examples for {@code spec}. */
  public static List<Batch> generate(ModelSpec spec, int batchSize, int count, long seed) {
    if (spec instanceof TransformerSpec transformer) {
      return TextCorpus.generate(transformer, batchSize, count, seed);
    }
    return classification((MlpSpec) spec, batchSize, count, seed);
  }

  private static List<Batch> classification(MlpSpec spec, int batchSize, int count, long seed) {
    Random random = new Random(seed);
    int in = spec.inputSize();
    int classes = spec.outputSize();
    float[] teacher = new float[classes * in];
    for (int i = 0; i < teacher.length; i++) {
      teacher[i] = (float) random.nextGaussian();
    }
    List<Batch> batches = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      float[] features = new float[batchSize * in];
      int[] labels = new int[batchSize];
      for (int e = 0; e < batchSize; e++) {
        for (int f = 0; f < in; f++) {
          features[e * in + f] = 2f * random.nextFloat() - 1f;
        }
        labels[e] = argmaxTeacher(teacher, features, e * in, in, classes);
      }
      batches.add(Batch.of(in, features, labels));
    }
    return batches;
  }

  private static int argmaxTeacher(
      float[] teacher, float[] features, int offset, int in, int classes) {
    int best = 0;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      float score = 0f;
      for (int f = 0; f < in; f++) {
        score += teacher[c * in + f] * features[offset + f];
      }
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }
}
