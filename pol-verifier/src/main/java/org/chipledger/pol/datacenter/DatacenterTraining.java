package org.chipledger.pol.datacenter;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.TrainingRun;

/**
 * A datacenter's training run on the ledger: trains on the emulated chips, which snapshot the live
 * weights to the snapshot agent, writes the transcript, and then declares the run with the
 * transcript's manifest hash and data commitment.
 *
 * <p>The declaration follows the training because the manifest hash covers every checkpoint's hash;
 * the snapshots committed meanwhile are accounted under the run id all the same, and the ledger
 * shows an undeclared run id to inspectors until the declaration lands.
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
    ReferenceTrainer.Result training = train(config, out, chips, commitSnapshots);
    return new Result(training, declare(config.runId(), config.chipIds(), out));
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
   * Declares run {@code runId} over {@code chipSerials} with what the transcript in {@code
   * transcriptDir} commits to: its manifest hash, its data commitment and its declared FLOPs.
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
            .build());
  }
}
