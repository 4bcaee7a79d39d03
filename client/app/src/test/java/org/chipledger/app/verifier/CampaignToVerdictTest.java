package org.chipledger.app.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chipledger.app.cli.ChipLedgerCli;
import org.chipledger.app.inspection.CampaignSeeds;
import org.chipledger.app.inspection.FindingRecorder;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.NvramLog;
import org.chipledger.pol.ledger.LedgerVerification;
import org.chipledger.pol.ledger.SelectionSecrets;
import org.chipledger.pol.ledger.VerificationDaemon;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.verify.CheckName;
import org.chipledger.pol.verify.VerifierPolicy;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignState;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.FlagReason;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flag to verdict on an embedded ledger: a sampled chip's snapshot names a run nobody declared;
 * recording the finding flags it and emits VerificationRequested; the daemon replays the run's
 * transcript and records a verdict, which the campaign then shows.
 */
class CampaignToVerdictTest {
  /** The calendar month in force: the ledger opens campaigns for it only. */
  private static final String PERIOD = YearMonth.now(ZoneOffset.UTC).toString();

  private static final String SHADOW_RUN = "run-shadow";
  private static final String CAMPAIGN = "dc-us-" + PERIOD;

  @TempDir Path data;
  @TempDir Path transcripts;

  @Test
  void aSnapshotOfAnUndeclaredRunIsVerifiedAndTheCampaignShowsTheVerdict() throws Exception {
    Path dir = transcripts.resolve(SHADOW_RUN);
    ReferenceTrainer.train(TrainingConfig.small(7, 1), dir, new SnapshotRecorder(Set.of(), dir));

    BlockingQueue<VerificationDaemon.Handled> handled = new LinkedBlockingQueue<>();
    try (EmbeddedCast cast =
        EmbeddedCast.create(data.resolve("identities"), data.resolve("ledger"))) {
      Founding.found(
          cast,
          Founding.policy().toBuilder()
              .setInspection(
                  Founding.policy().getInspection().toBuilder()
                      // One chip can run H within T, so Eq. (1) samples both chips.
                      .setThresholdFlop(1e15 * 86_400 * 30))
              .build());
      LedgerClient operator = cast.as("dc-us");
      LedgerClient inspectorate = cast.as("inspectorate");
      Fleet fleet =
          Fleet.deploy(
              cast.as("fab-us"), operator, "dc-us", "us-east", "US", "SN", 5L, 2, 0, n -> {});
      String shadowChip = fleet.serials().get(0);
      String cleanChip = fleet.serials().get(1);

      // The operator commits the chip's snapshot honestly, but never declared the run.
      SignedSnapshotRecord snapshot = shadowSnapshot(fleet, shadowChip);
      operator.submitSnapshotBatch(
          SubmitSnapshotBatchRequest.newBuilder()
              .setSiteId(fleet.siteId())
              .setBatchSeq(1)
              .addRecords(snapshot)
              .build());
      Path shadowLog = data.resolve("shadow.nvram");
      try (NvramLog log = NvramLog.open(shadowLog)) {
        log.append(snapshot);
      }
      Path cleanLog = data.resolve("clean.nvram");
      NvramLog.open(cleanLog).close();

      CampaignSeeds seeds = new CampaignSeeds(data.resolve("campaign-seeds"));
      seeds.open(inspectorate, CAMPAIGN, "dc-us", PERIOD);
      operator.acknowledgeCampaign(CAMPAIGN);
      Campaign drawn = seeds.reveal(inspectorate, CAMPAIGN);
      assertThat(drawn.getSampledSerialsList()).containsExactlyInAnyOrder(shadowChip, cleanChip);

      try (VerificationDaemon daemon =
          VerificationDaemon.open(
              cast.ledger(),
              new LedgerVerification(
                  inspectorate,
                  VerifierPolicy.defaults(),
                  new SelectionSecrets(data.resolve("secrets"))),
              transcripts,
              data.resolve("daemon.checkpoint"),
              handled::add)) {
        daemon.start();
        FindingRecorder recorder = new FindingRecorder(inspectorate, Duration.ofHours(1));
        FindingRecorder.Recorded flagged =
            recorder.record(
                CAMPAIGN,
                shadowChip,
                FindingRecorder.Presence.FOUND,
                true,
                false,
                Optional.of(shadowLog),
                Instant.now());
        assertThat(flagged.finding().getFlagsList())
            .singleElement()
            .satisfies(
                f -> {
                  assertThat(f.getReason()).isEqualTo(FlagReason.FLAG_REASON_UNDECLARED_RUN);
                  assertThat(f.getRunId()).isEqualTo(SHADOW_RUN);
                });
        assertThat(flagged.log().orElseThrow().getClean()).isTrue();
        assertThat(flagged.requestedRuns()).containsExactly(SHADOW_RUN);

        VerificationDaemon.Handled result = handled.poll(5, TimeUnit.MINUTES);
        assertThat(result).as("the daemon answered the request").isNotNull();
        assertThat(result).isInstanceOf(VerificationDaemon.Verified.class);
        assertThat(result.runId()).isEqualTo(SHADOW_RUN);

        recorder.record(
            CAMPAIGN,
            cleanChip,
            FindingRecorder.Presence.FOUND,
            true,
            false,
            Optional.of(cleanLog),
            Instant.now());
      }
      CampaignView view = operator.campaign(CAMPAIGN);
      assertThat(view.getCampaign().getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_CLOSED);
      assertThat(view.getRunsList())
          .singleElement()
          .satisfies(
              run -> {
                assertThat(run.getRequest().getReason())
                    .isEqualTo("campaign " + CAMPAIGN + ": undeclared_run on chip " + shadowChip);
                assertThat(run.getVerdict().getHonest()).isFalse();
                // Nobody committed to this run's transcript before training.
                assertThat(run.getVerdict().getFailedChecksList())
                    .contains(CheckName.COMMITMENT.name());
              });
    }

    // The inspector's own view, through the chipledger CLI on the same data directory.
    StringWriter out = new StringWriter();
    int exit =
        ChipLedgerCli.run(
            new String[] {
              "--data-dir",
              data.toString(),
              "--identity",
              "inspectorate",
              "inspect",
              "campaign",
              CAMPAIGN
            },
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("closed")
        .contains("undeclared_run")
        .containsPattern(SHADOW_RUN + "\\s+requested\\s+dishonest: .*COMMITMENT");
  }

  /** Record #1 of the chip's chain, made under the undeclared run. */
  private static SignedSnapshotRecord shadowSnapshot(Fleet fleet, String serial) {
    SnapshotRecord record =
        SnapshotRecord.newBuilder()
            .setChipSerial(serial)
            .setCounter(1)
            .setChipTime(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond() - 60))
            .setWeightHash(
                ByteString.copyFrom(Sha256.of("weights".getBytes(StandardCharsets.UTF_8))))
            .setPrevRecordHash(SnapshotRules.GENESIS)
            .setFirmwareVersion("1.0.0")
            .setRunId(SHADOW_RUN)
            .build();
    ChipSigner signer = new ChipSigner(fleet.keys(0).getPrivate());
    return SignedSnapshotRecord.newBuilder()
        .setRecord(record.toByteString())
        .setSignature(ByteString.copyFrom(signer.sign(record.toByteArray())))
        .build();
  }
}
