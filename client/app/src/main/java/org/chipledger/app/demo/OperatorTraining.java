package org.chipledger.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.pol.attack.AttackKind;
import org.chipledger.pol.attack.Spoof;
import org.chipledger.pol.attack.SpoofGenerator;
import org.chipledger.pol.datacenter.DatacenterTraining;
import org.chipledger.pol.datacenter.TrainingChips;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.pol.verify.VerifierPolicy;

/**
 * Trains the compute chapter's model on story chips, whose firmware snapshots the live weights.
 *
 * @param snapshotsPerDay the chips' snapshot rate f
 */
record OperatorTraining(
    DemoChapter.Context context,
    TrainingConfig model,
    Instant start,
    Duration stepTime,
    Path nvram,
    double snapshotsPerDay) {
  private static final Duration AGENT_EPOCH = Duration.ofSeconds(5);

  /** An honest run: snapshots through the operator's agent, declared with its transcript. */
  TrainedRun declared(
      String operator, String site, String runId, List<String> serials, Path transcripts)
      throws IOException {
    return onLedger(operator, site, runId, serials, transcripts.resolve(runId), true);
  }

  /**
   * Snapshots through the operator's agent, but the run is declared with a spoofed transcript made
   * from the real one, which the operator keeps to itself.
   */
  TrainedRun spoofed(
      String operator, String site, String runId, List<String> serials, Path transcripts)
      throws IOException {
    Path kept = keptBy(operator, runId);
    TrainedRun trained = onLedger(operator, site, runId, serials, kept, false);
    try {
      Spoof spoof =
          new SpoofGenerator(VerifierPolicy.defaults().topQ())
              .generate(AttackKind.STEPS_LIE, kept, List.of(), transcripts.resolve(runId));
      new DatacenterTraining(context.cast().as(operator), site)
          .declare(runId, serials, spoof.dir());
    } catch (TranscriptException e) {
      throw new IOException("cannot build the spoof: " + e.getMessage(), e);
    }
    return trained;
  }

  /** Where an operator keeps a transcript it does not hand to the Verifier. */
  private Path keptBy(String operator, String runId) {
    return context.dir().resolve("kept-by-" + operator).resolve(runId);
  }

  /** The agent off: the chips keep their records in NVRAM; nothing is declared. */
  TrainedRun hidden(String operator, String site, String runId, List<String> serials)
      throws IOException {
    try (TrainingChips chips = boot(runId, serials, Optional.empty())) {
      ReferenceTrainer.train(model.forRun(runId, serials), keptBy(operator, runId), chips);
      return new TrainedRun(runId, operator, site, serials, chips.taken().size());
    }
  }

  private TrainedRun onLedger(
      String operator,
      String site,
      String runId,
      List<String> serials,
      Path transcript,
      boolean declare)
      throws IOException {
    LedgerClient client = context.cast().as(operator);
    try (LoopbackAgent agent =
            LoopbackAgent.start(
                context.dir().resolve("agent-" + site), site, operator, AGENT_EPOCH, client);
        TrainingChips chips = boot(runId, serials, Optional.of(agent))) {
      TrainingConfig config = model.forRun(runId, serials);
      Runnable commit =
          () -> {
            try {
              chips.flush();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            agent.agent().flush();
          };
      if (declare) {
        new DatacenterTraining(client, site).run(config, transcript, chips, commit);
      } else {
        DatacenterTraining.train(config, transcript, chips, commit);
      }
      return new TrainedRun(runId, operator, site, serials, chips.taken().size());
    }
  }

  private TrainingChips boot(String runId, List<String> serials, Optional<LoopbackAgent> agent)
      throws IOException {
    List<ChipIdentity> chips = new ArrayList<>();
    for (String serial : serials) {
      chips.add(
          new ChipIdentity(serial, Story.FIRMWARE_VERSION, context.custody().chipSigner(serial)));
    }
    return TrainingChips.boot(
        runId, start, stepTime, chips, nvram, snapshotsPerDay, context.seed(), agent);
  }
}
