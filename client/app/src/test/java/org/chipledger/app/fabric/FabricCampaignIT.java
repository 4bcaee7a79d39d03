package org.chipledger.app.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chipledger.app.inspection.CampaignSeeds;
import org.chipledger.app.inspection.FindingRecorder;
import org.chipledger.app.inspection.SampleVerification;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.fabric.EventStream;
import org.chipledger.client.fabric.FabricEvent;
import org.chipledger.client.fabric.FabricLedger;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.NvramLog;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignState;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.FlagReason;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign on the real network: commit-reveal draw, a chip not found (missing, unaccounted), and
 * a snapshot of an undeclared run flagged into VerificationRequested on the peers' event stream,
 * answered by a verdict the campaign then shows. The PoL daemon runs on the embedded ledger only,
 * so the inspectorate records the verdict here as the Verifier's cluster would.
 */
@Tag("fabric")
class FabricCampaignIT {
  /** The calendar month in force: the ledger opens campaigns for it only. */
  private static final String PERIOD = YearMonth.now(ZoneOffset.UTC).toString();

  private static final String SITE = "fabric-campaign";
  private static final String SHADOW_RUN = "run-fabric-shadow";
  private static final String CAMPAIGN = "dc-us-fabric-" + PERIOD;

  @TempDir static Path dir;
  private static FabricCast cast;
  private static Fleet fleet;

  @BeforeAll
  static void fleetOnTheNetwork() {
    LocalNetwork.freshUp();
    cast = FabricCast.create(FabricNetwork.open(LocalNetwork.GATEWAY), dir.resolve("identities"));
    Founding.found(
        cast,
        Founding.policy().toBuilder()
            .setInspection(
                Founding.policy().getInspection().toBuilder().setThresholdFlop(1e15 * 86_400 * 30))
            .build());
    fleet =
        Fleet.deploy(
            cast.as("fab-us"), cast.as("dc-us"), "dc-us", SITE, "US", "SN-CMP", 11, 2, 0, n -> {});
  }

  @AfterAll
  static void purge() {
    try {
      if (cast != null) {
        cast.close();
      }
    } finally {
      LocalNetwork.purge("FabricCampaignIT");
    }
  }

  @Test
  void aFlaggedRunReachesVerificationAndItsVerdictShowsInTheCampaign() throws Exception {
    LedgerClient operator = cast.as("dc-us");
    LedgerClient inspectorate = cast.as("inspectorate");
    String shadowChip = fleet.serials().get(0);
    String missingChip = fleet.serials().get(1);
    SignedSnapshotRecord snapshot = shadowSnapshot(shadowChip);
    operator.submitSnapshotBatch(
        SubmitSnapshotBatchRequest.newBuilder()
            .setSiteId(SITE)
            .setBatchSeq(1)
            .addRecords(snapshot)
            .build());
    Path shadowLog = dir.resolve("shadow.nvram");
    try (NvramLog log = NvramLog.open(shadowLog)) {
      log.append(snapshot);
    }

    CampaignSeeds seeds = new CampaignSeeds(dir.resolve("seeds"));
    seeds.open(inspectorate, CAMPAIGN, "dc-us", PERIOD);
    operator.acknowledgeCampaign(CAMPAIGN);
    Campaign drawn = seeds.reveal(inspectorate, CAMPAIGN);
    assertThat(drawn.getSampledSerialsList()).containsExactlyInAnyOrder(shadowChip, missingChip);
    assertThat(SampleVerification.check(cast.as("customs-us"), CAMPAIGN).outcome())
        .isEqualTo(SampleVerification.Outcome.VERIFIED);

    BlockingQueue<FabricEvent> events = new LinkedBlockingQueue<>();
    try (FabricLedger ledger = cast.network().connect(cast.identity("inspectorate"));
        EventStream unused = ledger.events(dir.resolve("events.checkpoint"), 0, events::add)) {
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
          .extracting(f -> f.getReason())
          .containsExactly(FlagReason.FLAG_REASON_UNDECLARED_RUN);
      assertThat(flagged.requestedRuns()).containsExactly(SHADOW_RUN);
      awaitVerificationRequested(events);
    }

    // The Verifier commits to its selection before any verdict (issue 17 item 12).
    byte[] secret = org.chipledger.crypto.Sha256.of(SHADOW_RUN.getBytes(StandardCharsets.UTF_8));
    inspectorate.commitSelection(
        org.chipledger.proto.ledger.v1.CommitSelectionRequest.newBuilder()
            .setRunId(SHADOW_RUN)
            .setCommitment(ByteString.copyFrom(org.chipledger.crypto.Sha256.of(secret)))
            .build());
    inspectorate.recordVerdict(
        RecordVerdictRequest.newBuilder()
            .setRunId(SHADOW_RUN)
            .setHonest(false)
            .addFailedChecks("COMMITMENT")
            .setEvidenceHash(ByteString.copyFrom(new byte[32]))
            .setSummary("no transcript was committed for this run")
            .setSelectionSecret(ByteString.copyFrom(secret))
            .build());
    new FindingRecorder(inspectorate, Duration.ofHours(1))
        .record(
            CAMPAIGN,
            missingChip,
            FindingRecorder.Presence.NOT_FOUND,
            false,
            false,
            Optional.empty(),
            Instant.now());
    assertThat(operator.chip(missingChip).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_MISSING);
    assertThat(inspectorate.unaccounted(UnaccountedRequest.getDefaultInstance()).getChipsList())
        .anyMatch(c -> c.getSerial().equals(missingChip));

    CampaignView view = cast.as("customs-nl").campaign(CAMPAIGN);
    assertThat(view.getCampaign().getState()).isEqualTo(CampaignState.CAMPAIGN_STATE_CLOSED);
    assertThat(view.getRunsList())
        .singleElement()
        .satisfies(run -> assertThat(run.getVerdict().getHonest()).isFalse());
  }

  private static void awaitVerificationRequested(BlockingQueue<FabricEvent> events)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      FabricEvent event = events.poll(10, TimeUnit.SECONDS);
      if (event != null
          && event.event().hasVerificationRequested()
          && event.event().getVerificationRequested().getRunId().equals(SHADOW_RUN)) {
        return;
      }
    }
    throw new AssertionError("no VerificationRequested event for " + SHADOW_RUN);
  }

  private static SignedSnapshotRecord shadowSnapshot(String serial) {
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
    return SignedSnapshotRecord.newBuilder()
        .setRecord(record.toByteString())
        .setSignature(
            ByteString.copyFrom(
                new ChipSigner(fleet.keys(0).getPrivate()).sign(record.toByteArray())))
        .build();
  }
}
