package org.chipledger.pol.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.Initializer;
import org.chipledger.pol.model.ParameterBlock;
import org.chipledger.pol.model.SyntheticData;
import org.chipledger.pol.model.TransformerSpec;
import org.chipledger.pol.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformerNetworkTest {
  private static final TransformerSpec SPEC = TransformerSpec.small();

  @Test
  void theParameterLayoutHasTheSizeTheManifestDescribes() {
    // By hand for vocab 32, context 32, width 32, feed-forward 64: embeddings 32·32 + 32·32;
    // per block 2·32 + (3·32·32 + 3·32) + (32·32 + 32) + 2·32 + (64·32 + 64) + (32·64 + 32) =
    // 8,544; two blocks; final norm 64; head 32·32 + 32.
    assertThat(SPEC.parameterCount()).isEqualTo(1024 + 1024 + 2 * 8544 + 64 + 1024 + 32);
    List<ParameterBlock> blocks = SPEC.parameterBlocks();
    int next = 0;
    for (ParameterBlock block : blocks) {
      assertThat(block.offset()).as(block.name()).isEqualTo(next);
      next += block.size();
    }
    assertThat(next).isEqualTo(SPEC.parameterCount());
    assertThat(blocks).hasSize(2 + 2 * 12 + 4);
  }

  @Test
  void aNormStartsAsGainOneAndBiasZero() {
    float[] w = Initializer.initialize(SPEC, 3).toArray();
    ParameterBlock gain = SPEC.parameterBlocks().get(2);
    ParameterBlock bias = SPEC.parameterBlocks().get(3);
    assertThat(gain.name()).isEqualTo("block0.norm1.gain");
    for (int i = 0; i < SPEC.width(); i++) {
      assertThat(w[gain.offset() + i]).isEqualTo(1f);
      assertThat(w[bias.offset() + i]).isEqualTo(0f);
    }
  }

  @Test
  void aLaterTokenNeverChangesAnEarlierPrediction() {
    Batch batch = SyntheticData.generate(SPEC, 2, 1, 5).get(0);
    float[] changed = batch.features();
    int position = 20;
    changed[position] = (changed[position] + 1) % SPEC.vocabSize();
    Batch edited = Batch.of(SPEC.contextLength(), changed, batch.labels());
    Weights weights = Initializer.initialize(SPEC, 9);
    float[] before = logits(weights, batch);
    float[] after = logits(weights, edited);
    int perExample = SPEC.contextLength() * SPEC.vocabSize();
    int v = SPEC.vocabSize();
    // Positions 0..19 of the first example see only tokens before the edit.
    assertThat(Arrays.copyOfRange(after, 0, position * v))
        .containsExactly(Arrays.copyOfRange(before, 0, position * v));
    // The edited token's own position sees it.
    assertThat(Arrays.copyOfRange(after, position * v, (position + 1) * v))
        .isNotEqualTo(Arrays.copyOfRange(before, position * v, (position + 1) * v));
    // The second example is untouched.
    assertThat(Arrays.copyOfRange(after, perExample, 2 * perExample))
        .containsExactly(Arrays.copyOfRange(before, perExample, 2 * perExample));
  }

  private static float[] logits(Weights weights, Batch batch) {
    float[] w = weights.toArray();
    try (NDManager m = Engine.getEngine(SgdStepper.ENGINE_NAME).newBaseManager()) {
      List<NDArray> parameters = new ArrayList<>();
      for (ParameterBlock block : SPEC.parameterBlocks()) {
        parameters.add(
            m.create(
                Arrays.copyOfRange(w, block.offset(), block.offset() + block.size()),
                new Shape(block.dimensions())));
      }
      return new TransformerNetwork(SPEC).logits(m, parameters, batch).toFloatArray();
    }
  }

  @Test
  void aTokenIdOutsideTheVocabularyIsRefused() {
    Batch batch = SyntheticData.generate(SPEC, 2, 1, 5).get(0);
    float[] features = batch.features();
    features[3] = 32f;
    Batch bad = Batch.of(SPEC.contextLength(), features, batch.labels());
    features[3] = 2.5f;
    Batch fractional = Batch.of(SPEC.contextLength(), features, batch.labels());
    try (SgdStepper stepper = new SgdStepper(SPEC, 0.05f, 1)) {
      Weights w = Initializer.initialize(SPEC, 1);
      assertThatThrownBy(() -> stepper.step(w, bad)).hasMessageContaining("token 32.0");
      assertThatThrownBy(() -> stepper.step(w, fractional)).hasMessageContaining("token 2.5");
    }
  }

  @Test
  void trainingLearnsTheTextWellBelowAUniformGuess(@TempDir Path dir) throws IOException {
    ReferenceTrainer.Result result =
        ReferenceTrainer.train(
            TrainingConfig.smallTransformer(4, 1, 150, 50), dir, (step, weights) -> {});
    List<Float> losses = result.losses();
    double last =
        losses.subList(140, 150).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    // A uniform guess over 32 symbols costs ln 32 = 3.47 nats per token; the untrained model is
    // about that, the trained one has learnt which letters follow which.
    assertThat(losses.get(0)).isGreaterThan(3.3f);
    assertThat(last).isLessThan(2.9);
  }
}
