package org.chipledger.app.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.AgentAddress;
import org.chipledger.firmware.AgentLink;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.Firmware;
import org.chipledger.firmware.NvramLog;
import org.chipledger.firmware.PoissonSchedule;
import org.chipledger.firmware.SnapshotOutcome;
import org.chipledger.firmware.Uplink;
import org.chipledger.firmware.WeightSource;
import org.chipledger.pol.datacenter.DatacenterTraining;
import org.chipledger.pol.datacenter.TrainingChips;
import org.chipledger.pol.ledger.LedgerVerification;
import org.chipledger.pol.ledger.SelectionSecrets;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.verify.CheckName;
import org.chipledger.pol.verify.CheckResult;
import org.chipledger.pol.verify.VerifierPolicy;
import org.chipledger.proto.ledger.v1.RunSnapshot;
import org.chipledger.proto.ledger.v1.RunVerdict;
import org.chipledger.proto.transcript.v1.TranscriptManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A datacenter trains on ledger-registered chips: the chips snapshot the live weights through a
 * snapshot agent, the run is declared with the transcript's hashes, and the verifier's check 6
 * matches every snapshot the ledger holds under the run to a state on the transcript.
 */
class LedgerTrainingTest {
  private static final String SITE = "us-east";
  private static final String OPERATOR = "dc-us";
  private static final long FLEET_SEED = 5L;
  private static final Duration STEP = Duration.ofHours(1);

  @TempDir Path dir;

  private static Fleet fleet(EmbeddedCast cast) {
    Founding.found(cast, Founding.policy());
    return Fleet.deploy(
        cast.as("fab-us"),
        cast.as(OPERATOR),
        OPERATOR,
        SITE,
        "US",
        "SN",
        FLEET_SEED,
        2,
        0,
        n -> {});
  }

  private static Uplink link(LoopbackAgent agent) throws java.io.IOException {
    return AgentLink.connect(
        new AgentAddress("127.0.0.1", agent.agent().port()),
        agent.hostTls(),
        agent.ackKey(),
        Duration.ofSeconds(60));
  }

  @Test
  void chipSnapshotsOnTheLedgerAreStatesOnTheTranscriptAndAForgedOneFailsCheck6() throws Exception {
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      Fleet fleet = fleet(cast);
      LedgerClient operator = cast.as(OPERATOR);
      TrainingConfig small = TrainingConfig.small(43, 1);
      TrainingConfig config =
          new TrainingConfig(
              "run-43",
              small.model(),
              small.learningRate(),
              small.batchSize(),
              small.steps(),
              small.checkpointInterval(),
              small.initSeed(),
              small.dataSeed(),
              1,
              fleet.serials());
      Path transcript = dir.resolve("transcripts/run-43");
      Instant start = Instant.parse("2026-01-01T00:00:00Z");
      List<TrainingChips.Taken> taken;
      DatacenterTraining.Result result;
      try (LoopbackAgent agent =
          LoopbackAgent.start(dir.resolve("agent"), SITE, OPERATOR, Duration.ofDays(1), operator)) {
        try (TrainingChips chips = new TrainingChips(config.runId(), start, STEP)) {
          for (int i = 0; i < 2; i++) {
            chips.add(
                new ChipIdentity(
                    fleet.serials().get(i), "1.0.0", new ChipSigner(fleet.keys(i).getPrivate())),
                NvramLog.open(dir.resolve("nvram-" + i)),
                // 400 one-hour steps at one snapshot a day: about 17 per chip.
                new PoissonSchedule(1, 1, 100 + i),
                Optional.of(link(agent)));
          }
          result =
              new DatacenterTraining(operator, SITE)
                  .run(config, transcript, chips, () -> agent.agent().flush());
          taken = chips.taken();
          assertThat(chips.unacknowledged()).isZero();
        }
        assertThat(result.declared().getManifestHash().toByteArray())
            .as("declared before training: the hash of the plan")
            .isEqualTo(planHash(transcript));
        assertThat(taken).hasSizeGreaterThan(4);
        assertThat(taken).allMatch(t -> t.report().outcome() instanceof SnapshotOutcome.Acked);

        List<RunSnapshot> onLedger = operator.runSnapshots(config.runId()).getSnapshotsList();
        assertThat(onLedger)
            .extracting(s -> s.getChipSerial() + "@" + s.getTrainingStep())
            .containsExactlyInAnyOrderElementsOf(
                taken.stream().map(t -> t.serial() + "@" + t.step()).toList());

        LedgerClient inspectorate = cast.as("inspectorate");
        LedgerVerification verification =
            new LedgerVerification(
                inspectorate, VerifierPolicy.defaults(), new SelectionSecrets(dir.resolve("s")));
        var honest =
            new org.chipledger.pol.verify.Verifier(VerifierPolicy.defaults())
                .verify(
                    transcript,
                    new org.chipledger.pol.verify.VerificationRequest(
                        Optional.of(Sha256.hex(result.training().manifestHash())),
                        true,
                        "01",
                        verification.snapshots(config.runId())));
        assertThat(honest.passed()).as(honest.reportText()).isTrue();
        assertThat(check(honest.checks(), CheckName.SNAPSHOTS))
            .isInstanceOf(CheckResult.Passed.class);
        assertThat(check(honest.checks(), CheckName.SNAPSHOTS).detail())
            .contains("matches bit-exactly")
            .doesNotContain("does not match");

        // A chip of the run logs weights the transcript never held, as of step 123.
        float[] forged = Transcript.load(transcript).checkpoint(40).toArray();
        try (Firmware liar =
            Firmware.boot(
                new ChipIdentity(
                    fleet.serials().get(0), "1.0.0", new ChipSigner(fleet.keys(0).getPrivate())),
                NvramLog.open(dir.resolve("nvram-0")),
                WeightSource.of(forged),
                Clock.fixed(start.plus(Duration.ofDays(400)), ZoneOffset.UTC),
                Optional.of(link(agent)))) {
          assertThat(liar.snapshot(config.runId(), 123).outcome())
              .isInstanceOf(SnapshotOutcome.Acked.class);
        }
        agent.agent().flush();
        assertThat(operator.runSnapshots(config.runId()).getSnapshotsList())
            .hasSize(onLedger.size() + 1);

        LedgerVerification.Outcome outcome =
            verification.verifyAndRecord(config.runId(), transcript);
        RunVerdict verdict = outcome.recorded();
        assertThat(verdict.getHonest()).isFalse();
        assertThat(verdict.getFailedChecksList()).containsExactly(CheckName.SNAPSHOTS.name());
        assertThat(outcome.verdict().reportText())
            .contains("step 123 does not match the state replayed from step 120");
      }
    }
  }

  @Test
  void trainOnTheLedgerThroughTheCliThenVerifyTheRun() throws Exception {
    trainAndVerifyOnTheLedger("run-44", "32-16-4 MLP");
  }

  @Test
  void theTransformerTooIsDeclaredSnapshottedAndVerifiedThroughTheCli() throws Exception {
    trainAndVerifyOnTheLedger("run-45", "GPT-style transformer", "--transformer");
  }

  private void trainAndVerifyOnTheLedger(String runId, String model, String... modelOptions)
      throws Exception {
    Fleet fleet;
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      fleet = fleet(cast);
    }
    for (int i = 0; i < 2; i++) {
      ChipKeys.writePrivateKey(dir.resolve("chip-keys"), fleet.serials().get(i), fleet.keys(i));
    }
    Path transcript = dir.resolve(runId);
    List<String> train =
        new java.util.ArrayList<>(
            List.of(
                "train",
                "--out",
                transcript.toString(),
                "--seed",
                "44",
                "--run-id",
                runId,
                "--steps",
                "200",
                "--site-id",
                SITE,
                "--chips",
                String.join(",", fleet.serials()),
                "--chip-keys",
                dir.resolve("chip-keys").toString(),
                "--rate-per-day",
                "2",
                "--data-dir",
                dir.toString(),
                "--identity",
                Cast.member(OPERATOR).mspId() + "/" + OPERATOR));
    train.addAll(List.of(modelOptions));
    Cli trained = cli(train.toArray(String[]::new));
    assertThat(trained.code()).as(trained.out()).isZero();
    assertThat(trained.out())
        .contains("run declared: " + runId + " at site " + SITE)
        .contains("0 not acknowledged by the agent")
        .contains(", acked");

    Cli verified =
        cli("verify", transcript.toString(), "--run", runId, "--data-dir", dir.toString());
    assertThat(verified.code()).as(verified.out()).isZero();
    assertThat(verified.out())
        .contains("[PASS] 6 SNAPSHOTS")
        .contains("matches bit-exactly")
        .contains(model);

    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir.resolve("ledger"));
        LedgerClient dc =
            new LedgerClient(
                ledger.connect(
                    new IdentityStore(dir.resolve("identities"))
                        .load(Cast.member(OPERATOR).mspId(), OPERATOR)))) {
      assertThat(dc.run(runId).getRun().getManifestHash().toByteArray())
          .as("declared before training: the hash of the plan")
          .isEqualTo(planHash(transcript));
      assertThat(dc.runSnapshots(runId).getSnapshotsList()).isNotEmpty();
      assertThat(dc.verdict(runId).getHonest()).isTrue();
    }
  }

  private static CheckResult check(List<CheckResult> checks, CheckName name) {
    return checks.stream().filter(c -> c.check() == name).findFirst().orElseThrow();
  }

  private record Cli(int code, String out) {}

  private static Cli cli(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      int code = VerifierRun.run(args);
      return new Cli(code, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  /**
   * SHA-256 of the transcript's manifest without its checkpoints and data shard files: what a run
   * can declare before it has trained (written out here rather than taken from the Verifier).
   */
  private static byte[] planHash(Path transcript) throws Exception {
    TranscriptManifest manifest = Transcript.load(transcript).manifest();
    TranscriptManifest plan =
        manifest.toBuilder()
            .clearCheckpoints()
            .setData(manifest.getData().toBuilder().clearShards())
            .build();
    return MessageDigest.getInstance("SHA-256").digest(plan.toByteArray());
  }
}
