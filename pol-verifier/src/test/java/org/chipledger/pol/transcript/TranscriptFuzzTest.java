package org.chipledger.pol.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.chipledger.proto.transcript.v1.Checkpoint;
import org.chipledger.proto.transcript.v1.DataCommitment;
import org.chipledger.proto.transcript.v1.DataShard;
import org.chipledger.proto.transcript.v1.EngineInfo;
import org.chipledger.proto.transcript.v1.Hyperparameters;
import org.chipledger.proto.transcript.v1.LossFunction;
import org.chipledger.proto.transcript.v1.ModelSpec;
import org.chipledger.proto.transcript.v1.Optimizer;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * Fuzzes the transcript parser: a directory with a manifest (raw bytes, or a manifest whose fields
 * the fuzzer picks, small and extreme) and the shard and checkpoint files it names, with fuzzed
 * content; and the snapshot-claims text file. The contract: a loaded transcript or a {@link
 * TranscriptException} with its code; claims or an {@link IllegalArgumentException}. Never another
 * exception, never an allocation the files' sizes do not justify.
 */
class TranscriptFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void loadGivesATranscriptOrACodedError(FuzzedDataProvider data) throws IOException {
    Path dir = Files.createTempDirectory("transcript-fuzz");
    try {
      if (data.consumeInt(0, 7) == 0) {
        Path claims = dir.resolve("claims.txt");
        Files.writeString(claims, data.consumeRemainingAsString());
        try {
          assertThat(SnapshotClaim.readAll(claims)).isNotNull();
        } catch (IllegalArgumentException e) {
          assertThat(e.getMessage()).contains("claims.txt line");
        }
        return;
      }
      byte[] manifest =
          data.consumeBoolean() ? data.consumeBytes(4096) : manifest(data, dir).toByteArray();
      Files.write(dir.resolve(TranscriptWriter.MANIFEST_FILE), manifest);
      try {
        Transcript transcript = Transcript.load(dir);
        assertThat(transcript).isNotNull();
      } catch (TranscriptException e) {
        assertThat(e.error()).isNotNull();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  /** A manifest from fuzzed fields; the files it names are created with fuzzed bytes. */
  private static TranscriptManifest manifest(FuzzedDataProvider data, Path dir) throws IOException {
    ModelSpec.Builder model = ModelSpec.newBuilder();
    int layers = data.consumeInt(0, 4);
    for (int i = 0; i < layers; i++) {
      model.addLayerSizes(small(data, 8));
    }
    int steps = small(data, 6);
    TranscriptManifest.Builder manifest =
        TranscriptManifest.newBuilder()
            .setFormatVersion(data.consumeInt(0, 3) > 0 ? 1 : data.consumeInt())
            .setModel(model)
            .setHyperparameters(
                Hyperparameters.newBuilder()
                    .setOptimizer(Optimizer.OPTIMIZER_SGD)
                    .setLoss(LossFunction.LOSS_FUNCTION_SOFTMAX_CROSS_ENTROPY_MEAN)
                    .setLearningRate(data.consumeBoolean() ? 0.1f : data.consumeFloat())
                    .setBatchSize(small(data, 4))
                    .setSteps(steps)
                    .setCheckpointInterval(small(data, 6)))
            .setEngine(EngineInfo.newBuilder().setName("fuzz").setVersion("1"))
            .setDeclaredFlops(data.consumeBoolean() ? 1.0 : data.consumeDouble());
    DataCommitment.Builder commitment =
        DataCommitment.newBuilder()
            .setMerkleRoot(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 40))))
            .setBatchCount(small(data, 6));
    int shards = data.consumeInt(0, 3);
    for (int s = 0; s < shards; s++) {
      String name = name(data, dir);
      commitment.addShards(
          DataShard.newBuilder()
              .setFileName(name)
              .setFirstBatch(small(data, 6))
              .setBatchCount(small(data, 6)));
    }
    manifest.setData(commitment);
    int checkpoints = data.consumeInt(0, 4);
    for (int c = 0; c < checkpoints; c++) {
      manifest.addCheckpoints(
          Checkpoint.newBuilder()
              .setStep(small(data, 6))
              .setFileName(name(data, dir))
              .setSha256(ByteString.copyFrom(data.consumeBytes(32))));
    }
    return manifest.build();
  }

  /** Mostly small, sometimes any 32-bit value (uint32 fields read as negative ints in Java). */
  private static int small(FuzzedDataProvider data, int max) {
    return data.consumeInt(0, 9) > 0 ? data.consumeInt(0, max) : data.consumeInt();
  }

  private static String name(FuzzedDataProvider data, Path dir) throws IOException {
    String name = data.consumeBoolean() ? "f" + data.consumeInt(0, 3) : data.consumeString(12);
    if (data.consumeBoolean() && isPlain(name) && !Files.exists(dir.resolve(name))) {
      Files.write(dir.resolve(name), data.consumeBytes(data.consumeInt(0, 512)));
    }
    return name;
  }

  private static boolean isPlain(String name) {
    return name.matches("[A-Za-z0-9_.-]{1,12}") && !name.startsWith(".") || name.matches("f[0-9]");
  }
}
