package org.chipledger.pol.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.proto.transcript.v1.TranscriptManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TranscriptTest {
  @TempDir static Path tmp;
  static Path honest;

  @BeforeAll
  static void train() throws IOException {
    honest = tmp.resolve("honest");
    ReferenceTrainer.train(TrainingConfig.small(21, 1), honest, (s, w) -> {});
  }

  /** A damage done to a copy of the honest transcript. */
  interface Damage {
    void apply(Path dir) throws IOException;
  }

  private static Path copy(String name) throws IOException {
    Path out = tmp.resolve(name);
    Files.createDirectories(out);
    try (Stream<Path> files = Files.list(honest)) {
      for (Path f : files.toList()) {
        Files.copy(f, out.resolve(f.getFileName()));
      }
    }
    return out;
  }

  private static void rewrite(Path dir, java.util.function.UnaryOperator<TranscriptManifest> edit)
      throws IOException {
    Path file = dir.resolve(TranscriptWriter.MANIFEST_FILE);
    Files.write(
        file, edit.apply(TranscriptManifest.parseFrom(Files.readAllBytes(file))).toByteArray());
  }

  static Stream<Arguments> damages() {
    return Stream.of(
        Arguments.of(
            "manifest deleted",
            (Damage) d -> Files.delete(d.resolve("manifest.pb")),
            TranscriptError.MANIFEST_MISSING),
        Arguments.of(
            "manifest truncated",
            (Damage)
                d -> {
                  Path m = d.resolve("manifest.pb");
                  byte[] bytes = Files.readAllBytes(m);
                  Files.write(m, Arrays.copyOf(bytes, bytes.length - 7));
                },
            TranscriptError.MANIFEST_GARBLED),
        Arguments.of(
            "manifest garbled",
            (Damage)
                d -> Files.write(d.resolve("manifest.pb"), new byte[] {(byte) 0xff, 0x13, 0x37}),
            TranscriptError.MANIFEST_GARBLED),
        Arguments.of(
            "checkpoint altered",
            (Damage)
                d -> {
                  Path c = d.resolve("ckpt-00000020.f32");
                  byte[] bytes = Files.readAllBytes(c);
                  bytes[5] ^= 1;
                  Files.write(c, bytes);
                },
            TranscriptError.CHECKPOINT_HASH_MISMATCH),
        Arguments.of(
            "checkpoint deleted",
            (Damage) d -> Files.delete(d.resolve("ckpt-00000020.f32")),
            TranscriptError.CHECKPOINT_MISSING),
        Arguments.of(
            "checkpoint truncated",
            (Damage)
                d -> {
                  Path c = d.resolve("ckpt-00000020.f32");
                  byte[] bytes = Files.readAllBytes(c);
                  Files.write(c, Arrays.copyOf(bytes, bytes.length - 4));
                },
            TranscriptError.CHECKPOINT_SIZE_MISMATCH),
        Arguments.of(
            "checkpoint steps out of order",
            (Damage)
                d ->
                    rewrite(
                        d,
                        m -> {
                          TranscriptManifest.Builder b = m.toBuilder();
                          b.setCheckpoints(3, m.getCheckpoints(4))
                              .setCheckpoints(4, m.getCheckpoints(3));
                          return b.build();
                        }),
            TranscriptError.CHECKPOINT_STEPS_INCONSISTENT),
        Arguments.of(
            "last checkpoint removed",
            (Damage)
                d ->
                    rewrite(
                        d,
                        m -> m.toBuilder().removeCheckpoints(m.getCheckpointsCount() - 1).build()),
            TranscriptError.CHECKPOINT_STEPS_INCONSISTENT),
        Arguments.of(
            "data shard truncated",
            (Damage)
                d -> {
                  Path s = d.resolve("data-00000100.bin");
                  byte[] bytes = Files.readAllBytes(s);
                  Files.write(s, Arrays.copyOf(bytes, bytes.length - 1));
                },
            TranscriptError.DATA_SHARD_SIZE_MISMATCH),
        Arguments.of(
            "data shard deleted",
            (Damage) d -> Files.delete(d.resolve("data-00000100.bin")),
            TranscriptError.DATA_SHARD_MISSING),
        Arguments.of(
            "file name escapes the directory",
            (Damage)
                d ->
                    rewrite(
                        d,
                        m -> {
                          TranscriptManifest.Builder b = m.toBuilder();
                          b.getCheckpointsBuilder(2).setFileName("../ckpt-00000020.f32");
                          return b.build();
                        }),
            TranscriptError.UNSAFE_FILE_NAME),
        Arguments.of(
            "learning rate missing",
            (Damage)
                d ->
                    rewrite(
                        d,
                        m -> {
                          TranscriptManifest.Builder b = m.toBuilder();
                          b.getHyperparametersBuilder().clearLearningRate();
                          return b.build();
                        }),
            TranscriptError.INVALID_HYPERPARAMETERS),
        Arguments.of(
            "engine threads missing",
            (Damage)
                d ->
                    rewrite(
                        d,
                        m -> {
                          TranscriptManifest.Builder b = m.toBuilder();
                          b.getEngineBuilder().clearIntraOpThreads();
                          return b.build();
                        }),
            TranscriptError.INVALID_ENGINE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damages")
  void rejectsDamagedTranscriptWithStableCode(String name, Damage damage, TranscriptError expected)
      throws IOException {
    Path dir = copy(name.replace(' ', '-'));
    damage.apply(dir);
    assertThatThrownBy(() -> Transcript.load(dir))
        .isInstanceOfSatisfying(
            TranscriptException.class, e -> assertThat(e.error()).isEqualTo(expected))
        .hasMessageContaining(String.valueOf(expected.code()));
  }

  @Test
  void loadsHonestTranscriptAndReadsBatchRanges() throws Exception {
    Transcript t = Transcript.load(honest);
    assertThat(t.batches(95, 105)).hasSize(10);
    assertThat(t.batches(95, 105).get(6)).isEqualTo(t.batches(101, 102).get(0));
  }

  @Test
  void errorCodesAreUnique() {
    assertThat(Arrays.stream(TranscriptError.values()).map(TranscriptError::code).distinct())
        .hasSize(TranscriptError.values().length);
  }
}
