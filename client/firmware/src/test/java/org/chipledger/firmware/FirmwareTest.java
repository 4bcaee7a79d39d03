package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareTest {
  /** Long enough for any real in-process ack; a swallowed ack costs exactly this much. */
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(1);

  @TempDir Path dir;
  private TestChip chip;
  private Path nvram;
  private final SteppingClock clock = new SteppingClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final float[] weights = {0.5f, -1.25f, 3f};
  private final List<Server> servers = new ArrayList<>();
  private final String agentName = InProcessServerBuilder.generateName();
  private final KeyPair agentKeys = new ChipKeys().generate();

  @BeforeEach
  void setUp() throws IOException {
    chip = new TestChip(dir.resolve("keys"), "CHIP-7");
    nvram = dir.resolve("CHIP-7.nvram");
  }

  @AfterEach
  void stopServers() {
    servers.forEach(Server::shutdownNow);
  }

  @Test
  void anAirGappedChipKeepsASignedUnbrokenChainInNvramAcrossRestarts() throws Exception {
    try (Firmware firmware = boot(Optional.empty())) {
      for (int i = 0; i < 3; i++) {
        SnapshotReport report = firmware.snapshot("run-a");
        assertThat(report.outcome()).isEqualTo(new SnapshotOutcome.AirGapped());
        assertThat(report.unacknowledged()).isEqualTo(i + 1);
        clock.advance(Duration.ofHours(1));
      }
    }
    try (Firmware firmware = boot(Optional.empty())) {
      assertThat(firmware.head().counter()).isEqualTo(3);
      firmware.snapshot("run-b");
    }

    List<NvramEntry> entries = NvramLog.read(nvram);
    assertThat(entries).extracting(NvramEntry::counter).containsExactly(1L, 2L, 3L, 4L);
    ChainHead previous = ChainHead.GENESIS;
    for (NvramEntry entry : entries) {
      SnapshotRecord record = entry.record();
      assertThat(record.getPrevRecordHash()).isEqualTo(previous.recordHash());
      assertThat(entry.recordHash())
          .isEqualTo(ByteString.copyFrom(Sha256.of(entry.signed().getRecord().toByteArray())));
      assertThat(chip.verifies(entry.signed())).isTrue();
      assertThat(record.getChipSerial()).isEqualTo("CHIP-7");
      assertThat(record.getFirmwareVersion()).isEqualTo("fw-1.0");
      assertThat(record.getWeightHash()).isEqualTo(WeightHasher.hash(weights));
      previous = entry.head();
    }
    assertThat(entries.get(1).record().getChipTime().getSeconds())
        .isEqualTo(Instant.parse("2030-01-01T01:00:00Z").getEpochSecond());
    assertThat(entries.get(3).record().getRunId()).isEqualTo("run-b");
  }

  @Test
  void acknowledgedRecordsMoveTheCursorAndARestartDoesNotResendThem() throws Exception {
    ScriptedAgent agent = serve(new ScriptedAgent(agentKeys));
    try (Firmware firmware = boot(link())) {
      assertThat(firmware.snapshot("r").outcome()).isEqualTo(new SnapshotOutcome.Acked());
      SnapshotReport second = firmware.snapshot("r");
      assertThat(second.outcome()).isEqualTo(new SnapshotOutcome.Acked());
      assertThat(second.unacknowledged()).isZero();
      assertThat(Files.readString(AckCursor.fileFor(nvram)).strip())
          .isEqualTo("2 " + HexFormat.of().formatHex(second.recordHash().toByteArray()));
    }
    try (Firmware firmware = boot(link())) {
      assertThat(firmware.acked().counter()).isEqualTo(2);
      assertThat(firmware.snapshot("r").outcome()).isEqualTo(new SnapshotOutcome.Acked());
    }
    assertThat(agent.receivedCounters()).containsExactly(1L, 2L, 3L);
    for (var signed : agent.received()) {
      assertThat(chip.verifies(signed)).isTrue();
    }
  }

  @Test
  void aSwallowedAckLeavesTheRecordInNvramAndItIsResentBeforeTheNext() throws Exception {
    ScriptedAgent agent = serve(new ScriptedAgent(agentKeys).swallowAck(0));
    try (Firmware firmware = boot(link())) {
      SnapshotReport first = firmware.snapshot("r");
      assertThat(first.outcome())
          .isEqualTo(new SnapshotOutcome.NvramOnly("no ack within " + ACK_TIMEOUT));
      assertThat(first.unacknowledged()).isEqualTo(1);

      SnapshotReport second = firmware.snapshot("r");
      assertThat(second.outcome()).isEqualTo(new SnapshotOutcome.Acked());
      assertThat(second.backlogAcked()).isEqualTo(1);
      assertThat(second.unacknowledged()).isZero();
    }
    // Record 1 twice (its first ack was lost; the agent answers the resend as a replay), then 2.
    assertThat(agent.receivedCounters()).containsExactly(1L, 1L, 2L);
    assertThat(agent.received().get(1)).isEqualTo(agent.received().get(0));
  }

  @Test
  void anAgentOutageHealsWithoutACounterGap() throws Exception {
    try (Firmware firmware = boot(link())) {
      SnapshotReport first = firmware.snapshot("r");
      assertThat(first.outcome()).isInstanceOf(SnapshotOutcome.NvramOnly.class);
      SnapshotReport second = firmware.snapshot("r");
      assertThat(((SnapshotOutcome.NvramOnly) second.outcome()).reason())
          .startsWith("waiting behind record 1: ");
      assertThat(second.unacknowledged()).isEqualTo(2);

      ScriptedAgent agent = serve(new ScriptedAgent(agentKeys));
      SnapshotReport third = firmware.snapshot("r");
      assertThat(third.outcome()).isEqualTo(new SnapshotOutcome.Acked());
      assertThat(third.backlogAcked()).isEqualTo(2);
      assertThat(agent.receivedCounters()).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void aLostCursorOnlyCostsResendsThatTheAgentAnswersAsReplays() throws Exception {
    ScriptedAgent agent = serve(new ScriptedAgent(agentKeys).replayWithoutHash());
    try (Firmware firmware = boot(link())) {
      firmware.snapshot("r");
      firmware.snapshot("r");
    }
    Files.delete(AckCursor.fileFor(nvram));
    try (Firmware firmware = boot(link())) {
      assertThat(firmware.unacknowledged()).isEqualTo(2);
      SnapshotReport third = firmware.snapshot("r");
      assertThat(third.outcome()).isEqualTo(new SnapshotOutcome.Acked());
      assertThat(third.backlogAcked()).isEqualTo(2);
    }
    assertThat(agent.receivedCounters()).containsExactly(1L, 2L, 1L, 2L, 3L);
  }

  @Test
  void aRejectedRecordStaysInNvramAndOnlyItIsRetried() throws Exception {
    ScriptedAgent agent =
        serve(new ScriptedAgent(agentKeys).rejectAllWith("CHIP_NOT_DEPLOYED_HERE"));
    try (Firmware firmware = boot(link())) {
      SnapshotReport first = firmware.snapshot("r");
      assertThat(first.outcome())
          .isEqualTo(new SnapshotOutcome.Rejected("CHIP_NOT_DEPLOYED_HERE", 99, "scripted"));
      SnapshotReport second = firmware.snapshot("r");
      assertThat(((SnapshotOutcome.NvramOnly) second.outcome()).reason())
          .isEqualTo("waiting behind record 1: rejected CHIP_NOT_DEPLOYED_HERE: scripted");
      assertThat(firmware.head().counter()).isEqualTo(2);
      assertThat(firmware.acked().counter()).isZero();
    }
    assertThat(agent.receivedCounters()).containsExactly(1L, 1L);
  }

  @Test
  void aReplayAnswerForAFreshRecordWithAnotherHashIsAConflictNotAnAck() throws Exception {
    ScriptedAgent agent = serve(new ScriptedAgent(agentKeys));
    agent.hold("CHIP-7", ByteString.copyFrom(Sha256.of("fork".getBytes(StandardCharsets.UTF_8))));
    try (Firmware firmware = boot(link())) {
      SnapshotOutcome outcome = firmware.snapshot("r").outcome();
      assertThat(outcome).isInstanceOf(SnapshotOutcome.Rejected.class);
      assertThat(((SnapshotOutcome.Rejected) outcome).errorCode()).isEqualTo("SNAPSHOT_REPLAYED");
      assertThat(firmware.unacknowledged()).isEqualTo(1);
    }
  }

  @Test
  void aChipRefusesAnotherChipsLog() throws Exception {
    try (Firmware firmware = boot(Optional.empty())) {
      firmware.snapshot("r");
    }
    TestChip other = new TestChip(dir.resolve("keys"), "CHIP-8");
    NvramLog log = NvramLog.open(nvram);
    assertThatThrownBy(
            () ->
                Firmware.boot(
                    other.identity(), log, WeightSource.of(weights), clock, Optional.empty()))
        .isInstanceOfSatisfying(
            NvramException.class, e -> assertThat(e.error()).isEqualTo(NvramError.SERIAL_MISMATCH));
    log.close();
  }

  private Firmware boot(Optional<Uplink> uplink) throws IOException {
    return Firmware.boot(
        chip.identity(), NvramLog.open(nvram), WeightSource.of(weights), clock, uplink);
  }

  private Optional<Uplink> link() {
    return Optional.of(
        new AgentLink(
            InProcessChannelBuilder.forName(agentName).build(),
            ACK_TIMEOUT,
            agentKeys.getPublic()));
  }

  private ScriptedAgent serve(ScriptedAgent agent) throws IOException {
    servers.add(
        InProcessServerBuilder.forName(agentName)
            .directExecutor()
            .addService(agent)
            .build()
            .start());
    return agent;
  }
}
