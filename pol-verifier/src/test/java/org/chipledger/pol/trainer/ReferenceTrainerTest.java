package org.chipledger.pol.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.Transcript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceTrainerTest {
  @TempDir Path tmp;

  @Test
  void lossFallsAndTranscriptLoads() throws Exception {
    ReferenceTrainer.Result result =
        ReferenceTrainer.train(TrainingConfig.small(3, 1), tmp.resolve("run"), (s, w) -> {});
    List<Float> losses = result.losses();
    double first =
        losses.subList(0, 20).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    double last =
        losses.subList(losses.size() - 20, losses.size()).stream()
            .mapToDouble(Float::doubleValue)
            .average()
            .orElseThrow();
    assertThat(last).isLessThan(first * 0.5);
    Transcript t = Transcript.load(tmp.resolve("run"));
    assertThat(t.steps()).isEqualTo(400);
    assertThat(t.checkpointCount()).isEqualTo(41);
    assertThat(t.manifestHash()).isEqualTo(result.manifestHash());
    assertThat(t.manifest().getEngine().getIntraOpThreads()).isEqualTo(1);
    assertThat(t.manifest().getHyperparameters().getLearningRate()).isEqualTo(0.1f);
  }

  @Test
  void listenerSeesEveryStepAndTheCheckpointedStates() throws Exception {
    List<Integer> steps = new ArrayList<>();
    List<Weights> seen = new ArrayList<>();
    ReferenceTrainer.train(
        TrainingConfig.small(4, 1),
        tmp.resolve("run"),
        (step, weights) -> {
          steps.add(step);
          seen.add(weights);
        });
    assertThat(steps).hasSize(401).startsWith(0, 1, 2).endsWith(399, 400);
    Transcript t = Transcript.load(tmp.resolve("run"));
    assertThat(seen.get(10)).isEqualTo(t.checkpoint(1));
    assertThat(seen.get(400)).isEqualTo(t.checkpoint(40));
  }

  @Test
  void sameConfigurationGivesBitIdenticalTranscripts() throws Exception {
    ReferenceTrainer.Result a =
        ReferenceTrainer.train(TrainingConfig.small(5, 1), tmp.resolve("a"), (s, w) -> {});
    ReferenceTrainer.Result b =
        ReferenceTrainer.train(TrainingConfig.small(5, 1), tmp.resolve("b"), (s, w) -> {});
    assertThat(a.manifestHash()).isEqualTo(b.manifestHash());
  }

  @Test
  void snapshotRecorderHashesTheLiveWeightsAndStoresThem() throws Exception {
    Path dir = tmp.resolve("run");
    SnapshotRecorder recorder = new SnapshotRecorder(Set.of(0, 10), dir);
    ReferenceTrainer.train(TrainingConfig.small(6, 1), dir, recorder);
    Transcript t = Transcript.load(dir);
    assertThat(recorder.claims())
        .containsExactly(
            new SnapshotClaim(0, t.checkpoint(0).chipHash()),
            new SnapshotClaim(10, t.checkpoint(1).chipHash()));
    assertThat(dir.resolve(recorder.claims().get(1).weightsFileName())).exists();
  }

  @Test
  void randomSnapshotStepsAreDistinctAndInRange() {
    assertThat(SnapshotRecorder.randomSteps(9, 5, 11, 20))
        .hasSize(5)
        .allSatisfy(s -> assertThat(s).isBetween(11, 20));
  }
}
