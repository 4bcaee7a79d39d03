package org.chipledger.pol.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.Initializer;
import org.chipledger.pol.model.ModelSpec;
import org.chipledger.pol.model.ParameterBlock;
import org.chipledger.pol.model.SyntheticData;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SgdStepper;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.ScratchTranscripts;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.transcript.TranscriptWriter;
import org.chipledger.proto.transcript.v1.Checkpoint;
import org.chipledger.proto.transcript.v1.DataCommitment;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * Builds each {@link AttackKind} from an honest run's transcript, the way an attacker who holds (or
 * stole) it would. Every spoof is structurally valid, with recomputed file hashes, so that it is
 * caught by a substantive check and not by the loader.
 */
public final class SpoofGenerator {
  /** Number of segments the blindfold attacker computes honestly: PoL's public Q. */
  private final int publicTopQ;

  /** A generator whose top-Q attack assumes the verifier's public Q is {@code publicTopQ}. */
  public SpoofGenerator(int publicTopQ) {
    this.publicTopQ = publicTopQ;
  }

  /**
   * Writes the spoof of {@code kind} built from the honest transcript {@code honestDir}, whose
   * chips logged {@code honestSnapshots}, into {@code out}.
   */
  public Spoof generate(
      AttackKind kind, Path honestDir, List<SnapshotClaim> honestSnapshots, Path out)
      throws IOException, TranscriptException {
    Transcript honest = Transcript.load(honestDir);
    String honestCommitment = Sha256.hex(honest.manifestHash());
    return switch (kind) {
      case INTERPOLATED ->
          selfCommitted(kind, out, interpolated(honest, out, false), honestSnapshots);
      case PERMUTED_INIT ->
          selfCommitted(kind, out, interpolated(honest, out, true), honestSnapshots);
      case STOLEN_WEIGHTS_SMALL_STEPS ->
          selfCommitted(kind, out, nudgedHistory(honest, out), honestSnapshots);
      case DATA_SUBSTITUTED -> {
        substituteData(honest, out);
        yield new Spoof(kind, out, honestCommitment, honestSnapshots);
      }
      case DATA_REORDERED -> selfCommitted(kind, out, reorderData(honest, out), honestSnapshots);
      case LR_LIE -> {
        copyFiles(honestDir, out);
        TranscriptManifest.Builder m = honest.manifest().toBuilder();
        m.getHyperparametersBuilder().setLearningRate(m.getHyperparameters().getLearningRate() / 2);
        yield selfCommitted(kind, out, m.build(), honestSnapshots);
      }
      case STEPS_LIE -> selfCommitted(kind, out, halveSteps(honest, out), honestSnapshots);
      case FLOPS_UNDERDECLARED -> {
        copyFiles(honestDir, out);
        TranscriptManifest m =
            honest.manifest().toBuilder()
                .setDeclaredFlops(honest.manifest().getDeclaredFlops() / 10)
                .build();
        yield selfCommitted(kind, out, m, honestSnapshots);
      }
      case TOP_Q_GAMING -> selfCommitted(kind, out, blindfold(honest, out), honestSnapshots);
      case SNAPSHOT_OTHER_RUN -> {
        copyFiles(honestDir, out);
        yield new Spoof(kind, out, honestCommitment, otherRunSnapshots(honest, honestSnapshots));
      }
      case ZHANG_ADVERSARIAL_EXAMPLES -> {
        ZhangSpoof.Written z =
            ZhangSpoof.write(
                out,
                org.chipledger.pol.transcript.RunPlan.of(honest.manifest()),
                finalWeights(honest),
                ZhangSpoof.Declared.REAL_DATA,
                Set.of(),
                AdversarialSteps.ZHANG_ITERATIONS);
        yield new Spoof(kind, out, z.commitmentHex(), honestSnapshots);
      }
      case FANG_BLINDFOLD_PUBLISHED -> {
        FangBlindfoldSpoof.Written f =
            FangBlindfoldSpoof.write(
                out,
                configOf(honest),
                finalWeights(honest),
                FangBlindfoldSpoof.Parameters.PUBLISHED_SCALED,
                0,
                0);
        yield new Spoof(kind, out, f.commitmentHex(), honestSnapshots);
      }
      case CHECKPOINTS_REMOVED ->
          selfCommitted(
              kind, out, removeAroundSnapshots(honest, honestSnapshots, out), honestSnapshots);
    };
  }

  private static Spoof selfCommitted(
      AttackKind kind, Path out, TranscriptManifest manifest, List<SnapshotClaim> snapshots)
      throws IOException {
    byte[] hash = new TranscriptWriter(out).writeManifest(manifest);
    return new Spoof(kind, out, Sha256.hex(hash), snapshots);
  }

  /** Data files are shared by most spoofs, so they are copied; checkpoints are rewritten. */
  private static void copyFiles(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(
            file,
            to.resolve(file.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static List<Checkpoint> writeCheckpoints(
      TranscriptWriter writer, List<Integer> steps, List<Weights> states) throws IOException {
    List<Checkpoint> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      out.add(writer.writeCheckpoint(steps.get(i), states.get(i)));
    }
    return out;
  }

  private static List<Integer> checkpointSteps(Transcript t) {
    return IntStream.range(0, t.checkpointCount()).mapToObj(t::checkpointStep).toList();
  }

  private static Weights finalWeights(Transcript t) throws TranscriptException {
    return t.checkpoint(t.checkpointCount() - 1);
  }

  /** Fang: W_c = W_0 + (c/T)(W_T − W_0), with W_0 honest or a permuted fresh init. */
  private static TranscriptManifest interpolated(Transcript honest, Path out, boolean permuteInit)
      throws IOException, TranscriptException {
    copyFiles(honest.dir(), out);
    Weights target = finalWeights(honest);
    Weights start =
        permuteInit
            ? permutedInit(honest.spec(), target, honest.manifest().getSeeds().getInitSeed() + 1)
            : honest.checkpoint(0);
    List<Integer> steps = checkpointSteps(honest);
    List<Weights> states = new ArrayList<>();
    for (int step : steps) {
      states.add(start.interpolate(target, (double) step / honest.steps()));
    }
    TranscriptWriter writer = new TranscriptWriter(out);
    return honest.manifest().toBuilder()
        .clearCheckpoints()
        .addAllCheckpoints(writeCheckpoints(writer, steps, states))
        .build();
  }

  /**
   * Fang's init_w_0: a genuine init sample, each tensor's values reordered to follow the rank order
   * of W_T's values, so that d(W_0, W_T) is small while the value distribution is untouched.
   */
  static Weights permutedInit(ModelSpec spec, Weights target, long seed) {
    float[] fresh = Initializer.initialize(spec, seed).toArray();
    float[] out = new float[fresh.length];
    for (ParameterBlock block : spec.parameterBlocks()) {
      int from = block.offset();
      int to = from + block.size();
      float[] sortedFresh = java.util.Arrays.copyOfRange(fresh, from, to);
      java.util.Arrays.sort(sortedFresh);
      List<Integer> rank =
          IntStream.range(from, to)
              .boxed()
              .sorted(Comparator.comparingDouble(target::get))
              .collect(Collectors.toList());
      for (int r = 0; r < rank.size(); r++) {
        out[rank.get(r)] = sortedFresh[r];
      }
    }
    return Weights.of(out);
  }

  /**
   * Zhang-style: a history of a third of the steps; each segment is k real SGD steps from the
   * previous fabricated checkpoint, plus an equal share of the remaining distance to the stolen
   * W_T.
   */
  private static TranscriptManifest nudgedHistory(Transcript honest, Path out)
      throws IOException, TranscriptException {
    int k = honest.manifest().getHyperparameters().getCheckpointInterval();
    int segments = Math.max(1, honest.steps() / k / 3);
    int steps = segments * k;
    Weights target = finalWeights(honest);
    List<Batch> batches = honest.batches(0, steps);
    TranscriptWriter writer = new TranscriptWriter(out);
    DataCommitment data = writer.writeData(batches, ReferenceTrainer.BATCHES_PER_SHARD);
    List<Integer> stepList = new ArrayList<>();
    List<Weights> states = new ArrayList<>();
    Weights w = honest.checkpoint(0);
    stepList.add(0);
    states.add(w);
    TranscriptManifest m = honest.manifest();
    try (SgdStepper stepper =
        new SgdStepper(
            honest.spec(),
            m.getHyperparameters().getLearningRate(),
            m.getEngine().getIntraOpThreads())) {
      for (int s = 0; s < segments; s++) {
        for (Batch batch : batches.subList(s * k, (s + 1) * k)) {
          w = stepper.step(w, batch).weights();
        }
        w = w.interpolate(target, 1.0 / (segments - s));
        stepList.add((s + 1) * k);
        states.add(w);
      }
    }
    TranscriptManifest.Builder b = m.toBuilder();
    b.getHyperparametersBuilder().setSteps(steps);
    return b.setData(data)
        .clearCheckpoints()
        .addAllCheckpoints(writeCheckpoints(writer, stepList, states))
        .setDeclaredFlops(m.getDeclaredFlops() * steps / honest.steps())
        .build();
  }

  /** Other data of the same shape in the shard files; the manifest is left as committed. */
  private static void substituteData(Transcript honest, Path out)
      throws IOException, TranscriptException {
    copyFiles(honest.dir(), out);
    TranscriptManifest m = honest.manifest();
    List<Batch> other =
        SyntheticData.generate(
            honest.spec(),
            m.getHyperparameters().getBatchSize(),
            honest.steps(),
            m.getSeeds().getDataSeed() + 1);
    // Written under the original shard names, so the manifest still points at them.
    new TranscriptWriter(out).writeData(other, ReferenceTrainer.BATCHES_PER_SHARD);
  }

  /**
   * The batches reversed (so every segment sees other data), recommitted; checkpoints unchanged.
   */
  private static TranscriptManifest reorderData(Transcript honest, Path out)
      throws IOException, TranscriptException {
    copyFiles(honest.dir(), out);
    List<Batch> batches = new ArrayList<>(honest.batches(0, honest.steps()));
    Collections.reverse(batches);
    DataCommitment data =
        new TranscriptWriter(out).writeData(batches, ReferenceTrainer.BATCHES_PER_SHARD);
    return honest.manifest().toBuilder().setData(data).build();
  }

  /** Checkpoint at step c relabelled c/2, k halved, only the first half of the data committed. */
  private static TranscriptManifest halveSteps(Transcript honest, Path out)
      throws IOException, TranscriptException {
    copyFiles(honest.dir(), out);
    TranscriptManifest m = honest.manifest();
    int steps = honest.steps() / 2;
    TranscriptWriter writer = new TranscriptWriter(out);
    DataCommitment data =
        writer.writeData(honest.batches(0, steps), ReferenceTrainer.BATCHES_PER_SHARD);
    List<Integer> stepList = new ArrayList<>();
    List<Weights> states = new ArrayList<>();
    for (int i = 0; i < honest.checkpointCount(); i++) {
      stepList.add(honest.checkpointStep(i) / 2);
      states.add(honest.checkpoint(i));
    }
    TranscriptManifest.Builder b = m.toBuilder();
    b.getHyperparametersBuilder()
        .setSteps(steps)
        .setCheckpointInterval(Math.max(1, m.getHyperparameters().getCheckpointInterval() / 2));
    return b.setData(data)
        .clearCheckpoints()
        .addAllCheckpoints(writeCheckpoints(writer, stepList, states))
        .setDeclaredFlops(m.getDeclaredFlops() / 2)
        .build();
  }

  /** Fang's blindfold attack: the first Q segments honest, the rest a straight line to W_T. */
  private TranscriptManifest blindfold(Transcript honest, Path out)
      throws IOException, TranscriptException {
    copyFiles(honest.dir(), out);
    List<Integer> steps = checkpointSteps(honest);
    int genuine = Math.min(publicTopQ, steps.size() - 1);
    Weights pivot = honest.checkpoint(genuine);
    Weights target = finalWeights(honest);
    int pivotStep = steps.get(genuine);
    List<Weights> states = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      states.add(
          i <= genuine
              ? honest.checkpoint(i)
              : pivot.interpolate(
                  target, (double) (steps.get(i) - pivotStep) / (honest.steps() - pivotStep)));
    }
    TranscriptWriter writer = new TranscriptWriter(out);
    return honest.manifest().toBuilder()
        .clearCheckpoints()
        .addAllCheckpoints(writeCheckpoints(writer, steps, states))
        .build();
  }

  /** The training configuration a transcript's manifest records. */
  static TrainingConfig configOf(Transcript t) {
    TranscriptManifest m = t.manifest();
    return new TrainingConfig(
        m.getRunId(),
        t.spec(),
        m.getHyperparameters().getLearningRate(),
        m.getHyperparameters().getBatchSize(),
        t.steps(),
        m.getHyperparameters().getCheckpointInterval(),
        m.getSeeds().getInitSeed(),
        m.getSeeds().getDataSeed(),
        m.getEngine().getIntraOpThreads(),
        m.getChipIdsList());
  }

  /** The chips' snapshots at the same steps, but of another run with other seeds. */
  private static List<SnapshotClaim> otherRunSnapshots(
      Transcript honest, List<SnapshotClaim> honestSnapshots) throws IOException {
    TrainingConfig recorded = configOf(honest);
    TrainingConfig other =
        new TrainingConfig(
            recorded.runId() + "-hidden",
            recorded.model(),
            recorded.learningRate(),
            recorded.batchSize(),
            recorded.steps(),
            recorded.checkpointInterval(),
            recorded.initSeed() + 7,
            recorded.dataSeed() + 7,
            recorded.threads(),
            recorded.chipIds());
    Path scratch = Files.createTempDirectory("chipledger-hidden-run");
    try {
      Set<Integer> steps =
          honestSnapshots.stream().map(SnapshotClaim::step).collect(Collectors.toSet());
      SnapshotRecorder recorder = new SnapshotRecorder(steps, scratch);
      ReferenceTrainer.train(other, scratch, recorder);
      return recorder.claims();
    } finally {
      ScratchTranscripts.delete(scratch);
    }
  }

  /**
   * Drops the checkpoints just before and just after each snapshot (never step 0 or the last, so a
   * snapshot in the first segment keeps its checkpoint).
   */
  private static TranscriptManifest removeAroundSnapshots(
      Transcript honest, List<SnapshotClaim> snapshots, Path out) throws IOException {
    copyFiles(honest.dir(), out);
    List<Checkpoint> kept = new ArrayList<>();
    List<Checkpoint> all = honest.manifest().getCheckpointsList();
    for (int i = 0; i < all.size(); i++) {
      boolean interior = i > 0 && i < all.size() - 1;
      boolean adjacent = false;
      for (SnapshotClaim snapshot : snapshots) {
        int before = floorCheckpoint(all, snapshot.step());
        adjacent |= i == before || i == before + 1;
      }
      if (interior && adjacent) {
        Files.deleteIfExists(out.resolve(all.get(i).getFileName()));
      } else {
        kept.add(all.get(i));
      }
    }
    return honest.manifest().toBuilder().clearCheckpoints().addAllCheckpoints(kept).build();
  }

  private static int floorCheckpoint(List<Checkpoint> all, int step) {
    int index = 0;
    for (int i = 0; i < all.size() && all.get(i).getStep() <= step; i++) {
      index = i;
    }
    return index;
  }
}
