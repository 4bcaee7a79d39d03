package org.chipledger.pol.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.TransformerSpec;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.proto.transcript.v1.ModelSpec;
import org.chipledger.proto.transcript.v1.TransformerSpec.Builder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSchemaTest {

  private static Builder transformer() {
    return org.chipledger.proto.transcript.v1.TransformerSpec.newBuilder()
        .setVocabSize(32)
        .setContextLength(32)
        .setWidth(32)
        .setHeads(4)
        .setLayers(2)
        .setFeedforwardWidth(64);
  }

  @Test
  void bothModelKindsSurviveTheManifest() throws TranscriptException {
    assertThat(ModelSchema.fromProto(ModelSchema.toProto(TransformerSpec.small())))
        .isEqualTo(TransformerSpec.small());
    assertThat(ModelSchema.fromProto(ModelSchema.toProto(MlpSpec.of(8, 3))))
        .isEqualTo(MlpSpec.of(8, 3));
    assertThat(ModelSchema.toProto(TransformerSpec.small()).getTransformer())
        .isEqualTo(transformer().build());
  }

  @Test
  void aModelThatIsBothKindsOrBadlyShapedIsRefused() {
    List<ModelSpec> bad =
        List.of(
            ModelSpec.newBuilder()
                .addLayerSizes(8)
                .addLayerSizes(3)
                .setTransformer(transformer())
                .build(),
            ModelSpec.newBuilder().setTransformer(transformer().setHeads(5)).build(),
            ModelSpec.newBuilder().setTransformer(transformer().setLayers(0)).build(),
            // uint32 4,000,000,000 reads as a negative int.
            ModelSpec.newBuilder()
                .setTransformer(transformer().setWidth((int) 4_000_000_000L))
                .build(),
            // Every dimension in range, but 2^16 x 2^16 embeddings alone are 2^32 parameters.
            ModelSpec.newBuilder()
                .setTransformer(transformer().setVocabSize(1 << 16).setWidth(1 << 16).setHeads(1))
                .build());
    for (ModelSpec model : bad) {
      assertThatThrownBy(() -> ModelSchema.fromProto(model))
          .as(model.toString())
          .isInstanceOfSatisfying(
              TranscriptException.class,
              e -> assertThat(e.error()).isEqualTo(TranscriptError.INVALID_MODEL));
    }
  }

  @Test
  void aTokenOutsideTheVocabularyInTheDataIsRefusedWithItsCode(@TempDir Path dir)
      throws IOException, TranscriptException {
    TrainingConfig config = TrainingConfig.smallTransformer(2, 1, 4, 2);
    ReferenceTrainer.train(config, dir, (step, weights) -> {});
    Path shard;
    try (var files = Files.list(dir)) {
      shard = files.filter(f -> f.getFileName().toString().startsWith("data")).findFirst().get();
    }
    byte[] bytes = Files.readAllBytes(shard);
    // The third example's second token: examples are 32 float32 tokens and an int32 label.
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(2 * 132 + 4, 40f);
    Files.write(shard, bytes);
    Transcript transcript = Transcript.load(dir);
    assertThat(transcript.batches(1, 2)).hasSize(1);
    assertThatThrownBy(() -> transcript.batches(0, 1))
        .isInstanceOfSatisfying(
            TranscriptException.class,
            e -> assertThat(e.error()).isEqualTo(TranscriptError.DATA_OUT_OF_RANGE))
        .hasMessageContaining("token 40.0");
  }
}
