package org.chipledger.pol.datacenter;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.RunPlan;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.TrainingRun;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * A datacenter's training run on the ledger: declares the run before training with its plan (the
 * manifest without checkpoints), data commitment and initialisation-seed commitment, then trains on
 * the emulated chips, whose first record under the run is a signed run start entry naming the
 * declaration, and which snapshot the live weights to the snapshot agent.
 *
 * <p>Snapshots committed before the declaration, or before a chip's run start, count as undeclared
 * on the ledger for good: a declaration after training does not make them declared.
 *
 * @param operator the site's datacenter, which declares the runs
 * @param siteId the site the runs train at
 */
public record DatacenterTraining(LedgerClient operator, String siteId) {
  /** What a run left: the trainer's result and the declaration on the ledger. */
  public record Result(ReferenceTrainer.Result training, TrainingRun declared) {}

  /**
   * Trains {@code config} into {@code out} with {@code chips} snapshotting, lets {@code
   * commitSnapshots} push the chips' records to the ledger, and declares the run over the chips in
   * {@code config.chipIds()}.
   */
  public Result run(TrainingConfig config, Path out, TrainingChips chips, Runnable commitSnapshots)
      throws IOException {
    TrainingRun declared = declarePlan(config);
    chips.startRun(declared.getTxId());
    ReferenceTrainer.Result training = train(config, out, chips, commitSnapshots);
    return new Result(training, declared);
  }

  /** Declares {@code config}'s run before training, committing to its plan and seed. */
  public TrainingRun declarePlan(TrainingConfig config) {
    TranscriptManifest plan = ReferenceTrainer.plan(config);
    return operator.declareRun(
        DeclareRunRequest.newBuilder()
            .setRunId(config.runId())
            .setSiteId(siteId)
            .addAllChipSerials(config.chipIds())
            .setDeclaredFlop(plan.getDeclaredFlops())
            .setManifestHash(ByteString.copyFrom(RunPlan.hash(plan)))
            .setDataCommitment(plan.getData().getMerkleRoot())
            .setInitSeedCommitment(
                ByteString.copyFrom(RunPlan.seedCommitment(config.runId(), config.initSeed())))
            .build());
  }

  /**
   * Trains {@code config} into {@code out} with {@code chips} snapshotting, then lets {@code
   * commitSnapshots} push the chips' records to the ledger; declares nothing.
   */
  public static ReferenceTrainer.Result train(
      TrainingConfig config, Path out, TrainingChips chips, Runnable commitSnapshots)
      throws IOException {
    ReferenceTrainer.Result training = ReferenceTrainer.train(config, out, chips);
    commitSnapshots.run();
    return training;
  }

  /**
   * Declares run {@code runId} over {@code chipSerials} after training, with what the transcript in
   * {@code transcriptDir} commits to: its manifest hash, its data commitment, its seed and its
   * declared FLOPs. The ledger counts the snapshots committed before this as undeclared.
   */
  public TrainingRun declare(String runId, List<String> chipSerials, Path transcriptDir)
      throws IOException {
    Transcript transcript;
    try {
      transcript = Transcript.load(transcriptDir);
    } catch (TranscriptException e) {
      throw new IOException(
          "the transcript in " + transcriptDir + " does not load: " + e.getMessage(), e);
    }
    return operator.declareRun(
        DeclareRunRequest.newBuilder()
            .setRunId(runId)
            .setSiteId(siteId)
            .addAllChipSerials(chipSerials)
            .setDeclaredFlop(transcript.manifest().getDeclaredFlops())
            .setManifestHash(ByteString.copyFrom(transcript.manifestHash()))
            .setDataCommitment(transcript.manifest().getData().getMerkleRoot())
            .setInitSeedCommitment(
                ByteString.copyFrom(
                    RunPlan.seedCommitment(runId, transcript.manifest().getSeeds().getInitSeed())))
            .build());
  }
}
