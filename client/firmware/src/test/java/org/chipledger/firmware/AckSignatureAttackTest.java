package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.proto.snapshot.v1.SubmitAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's fake agent tries to make a chip forget records the real agent never stored: it acks
 * without a signature, signs with its own key, or replays the real agent's signed acks of another
 * record or another chip. The chip is given the real agent's public key; none of these acks moves
 * its cursor, each is counted, and the record is resent and acknowledged once the real agent
 * answers.
 */
class AckSignatureAttackTest {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;
  private final SteppingClock clock = new SteppingClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final List<Server> servers = new ArrayList<>();
  private final List<AgentLink> links = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(Server::shutdownNow);
  }

  @Test
  void aFakeAgentThatDoesNotSignCannotMoveTheCursor() throws Exception {
    ScriptedAgent agent = new ScriptedAgent();
    String name = serve(agent);
    try (Firmware chip = boot("CHIP-7", name, agent.ackKey())) {
      agent.unsigned();
      assertRefused(chip, chip.snapshot("r"));
      assertThat(chip.acked().counter()).isZero();

      agent.honest();
      SnapshotReport next = chip.snapshot("r");
      assertThat(next.outcome()).isEqualTo(new SnapshotOutcome.Acked());
      assertThat(next.backlogAcked()).isEqualTo(1);
      assertThat(chip.acked().counter()).isEqualTo(2);
    }
    // Record 1 went out again after the unsigned ack was refused.
    assertThat(agent.receivedCounters()).containsExactly(1L, 1L, 2L);
    assertThat(refused()).isEqualTo(1);
  }

  @Test
  void aFakeAgentThatSignsWithItsOwnKeyCannotMoveTheCursor() throws Exception {
    ScriptedAgent agent = new ScriptedAgent();
    String name = serve(agent);
    try (Firmware chip = boot("CHIP-7", name, agent.ackKey())) {
      agent.signingWith(new ChipKeys().generate().getPrivate());
      assertRefused(chip, chip.snapshot("r"));
      assertRefused(chip, chip.snapshot("r"));
      assertThat(chip.unacknowledged()).isEqualTo(2);

      agent.honest();
      assertThat(chip.flush()).isEqualTo(2);
      assertThat(chip.unacknowledged()).isZero();
    }
    assertThat(refused()).isEqualTo(2);
  }

  @Test
  void aGenuineAckOfAnotherChipRelabelledForThisOneDoesNotVerify() throws Exception {
    ScriptedAgent agent = new ScriptedAgent();
    String name = serve(agent);
    try (Firmware other = boot("CHIP-8", name, agent.ackKey())) {
      assertThat(other.snapshot("r").outcome()).isEqualTo(new SnapshotOutcome.Acked());
    }
    SubmitAck genuine = agent.sentAcks().get(0);
    try (Firmware chip = boot("CHIP-7", name, agent.ackKey())) {
      agent.rewriting(ack -> relabel(genuine, ack));
      assertRefused(chip, chip.snapshot("r"));
      // The same ack, word for word, is about another chip.
      agent.rewriting(ack -> genuine);
      assertRefused(chip, chip.snapshot("r"));
    }
    assertThat(refused()).isEqualTo(2);
  }

  @Test
  void aGenuineAckOfAnEarlierRecordDoesNotAcknowledgeALaterOne() throws Exception {
    ScriptedAgent agent = new ScriptedAgent();
    String name = serve(agent);
    try (Firmware chip = boot("CHIP-7", name, agent.ackKey())) {
      assertThat(chip.snapshot("r").outcome()).isEqualTo(new SnapshotOutcome.Acked());
      SubmitAck first = agent.sentAcks().get(0);

      agent.rewriting(ack -> relabel(first, ack));
      assertRefused(chip, chip.snapshot("r"));
      agent.rewriting(ack -> first);
      assertRefused(chip, chip.snapshot("r"));
      assertThat(chip.acked().counter()).isEqualTo(1);
    }
    assertThat(refused()).isEqualTo(2);
  }

  @Test
  void anAcceptanceSignedWithoutTheRecordHashNamesNoRecordAndIsRefused() throws Exception {
    KeyPair keys = new ChipKeys().generate();
    ScriptedAgent agent = new ScriptedAgent(keys);
    String name = serve(agent);
    try (Firmware chip = boot("CHIP-7", name, keys.getPublic())) {
      agent.rewriting(
          ack ->
              AckSignatures.sign(
                  ack.toBuilder().clearAgentSignature().clearRecordHash().build(),
                  keys.getPrivate()));
      assertRefused(chip, chip.snapshot("r"));
    }
    assertThat(refused()).isEqualTo(1);
  }

  /** {@code genuine}'s signature on {@code wanted}'s chip, counter and record hash. */
  private static SubmitAck relabel(SubmitAck genuine, SubmitAck wanted) {
    return genuine.toBuilder()
        .setChipSerial(wanted.getChipSerial())
        .setCounter(wanted.getCounter())
        .setRecordHash(wanted.getRecordHash())
        .build();
  }

  private static void assertRefused(Firmware chip, SnapshotReport report) {
    assertThat(report.outcome()).isInstanceOf(SnapshotOutcome.NvramOnly.class);
    assertThat(report.unacknowledged()).isPositive();
    assertThat(chip.acked().counter()).isLessThan(report.counter());
  }

  private long refused() {
    return links.stream().mapToLong(AgentLink::refusedAcks).sum();
  }

  private Firmware boot(String serial, String agentName, PublicKey agentKey) throws IOException {
    TestChip chip = new TestChip(dir.resolve("keys"), serial);
    AgentLink link =
        new AgentLink(InProcessChannelBuilder.forName(agentName).build(), ACK_TIMEOUT, agentKey);
    links.add(link);
    return Firmware.boot(
        chip.identity(),
        NvramLog.open(dir.resolve(serial + ".nvram")),
        WeightSource.of(new float[] {1f, 2f, 3f}),
        clock,
        Optional.of(link));
  }

  private String serve(ScriptedAgent agent) throws IOException {
    String name = InProcessServerBuilder.generateName();
    servers.add(
        InProcessServerBuilder.forName(name).directExecutor().addService(agent).build().start());
    return name;
  }
}
