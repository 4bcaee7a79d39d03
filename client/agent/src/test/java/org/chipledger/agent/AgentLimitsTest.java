package org.chipledger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent fails closed: plaintext off loopback, oversized messages, too many streams, a chip over
 * its rate, floods of unknown serials and a failing journal are each refused with a stable code,
 * and nothing is acknowledged that is not durable.
 */
class AgentLimitsTest {
  private static final Duration LONG_EPOCH = Duration.ofHours(1);

  @TempDir Path dir;
  private SnapshotWorld world;
  private EmbeddedLedger ledger;
  private LedgerClient operator;
  private SnapshotAgent agent;
  private final AtomicBoolean journalBroken = new AtomicBoolean();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void world() {
    world = SnapshotWorld.create(dir, 3);
    ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir));
    operator = SnapshotWorld.operator(dir, ledger);
  }

  private void start(AgentLimits limits) {
    Faults faults =
        point -> {
          if (point == Faults.Point.BEFORE_JOURNAL_WRITE && journalBroken.get()) {
            throw new IllegalStateException("agent store: cannot append to the journal: EIO");
          }
        };
    agent =
        SnapshotAgent.start(
            SnapshotWorld.config(dir, tls(), LONG_EPOCH, faults).withLimits(limits), operator);
  }

  private LinkSecurity.TlsFiles tls() {
    return LinkSecurity.TlsFiles.in(dir.resolve("tls/agent"));
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (agent != null) {
      agent.close();
    }
    operator.close();
    ledger.close();
  }

  private ManagedChannel chipChannel(String serial) {
    ManagedChannel channel = world.channel(serial, agent.port());
    channels.add(channel);
    return channel;
  }

  private ManagedChannel hostChannel() {
    ManagedChannel channel = world.hostTls("rack-1").channelTo("127.0.0.1", agent.port());
    channels.add(channel);
    return channel;
  }

  private SignedSnapshotRecord record(String serial, long counter, ByteString prev)
      throws Exception {
    ChipSigner key = ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem"));
    return SnapshotWorld.sign(key, SnapshotWorld.record(serial, counter, prev, counter));
  }

  /** A stream whose every reply (ack or final status) is kept in arrival order. */
  private static final class Replies implements StreamObserver<SubmitAck> {
    final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    final StreamObserver<SignedSnapshotRecord> requests;

    Replies(ManagedChannel channel) {
      requests = SnapshotIngestGrpc.newStub(channel).submit(this);
    }

    @Override
    public void onNext(SubmitAck ack) {
      queue.add(ack);
    }

    @Override
    public void onError(Throwable t) {
      queue.add(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      queue.add("completed");
    }

    Object next() throws InterruptedException {
      Object reply = queue.poll(30, TimeUnit.SECONDS);
      assertThat(reply).as("a reply within 30 s").isNotNull();
      return reply;
    }

    SubmitAck ack(SignedSnapshotRecord record) throws InterruptedException {
      requests.onNext(record);
      Object reply = next();
      assertThat(reply).as("an ack").isInstanceOf(SubmitAck.class);
      return (SubmitAck) reply;
    }

    Status status(SignedSnapshotRecord record) throws InterruptedException {
      requests.onNext(record);
      Object reply = next();
      assertThat(reply).as("the stream's end").isInstanceOf(Status.class);
      return (Status) reply;
    }
  }

  @Test
  void plaintextIsRefusedOffLoopbackAndNeedsAnAckKey() {
    SnapshotAgent.Config open =
        new SnapshotAgent.Config(
            SnapshotWorld.SITE,
            SnapshotWorld.OPERATOR,
            new InetSocketAddress("0.0.0.0", 0),
            Optional.empty(),
            dir.resolve("agent-plain"),
            LONG_EPOCH,
            new LinkSecurity.Plaintext(),
            Faults.NONE,
            AgentLimits.DEFAULTS,
            Optional.of(tls().keyPem()));
    assertThatThrownBy(() -> SnapshotAgent.start(open, operator))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
    SnapshotAgent.Config keyless =
        new SnapshotAgent.Config(
            SnapshotWorld.SITE,
            SnapshotWorld.OPERATOR,
            new InetSocketAddress("127.0.0.1", 0),
            Optional.empty(),
            dir.resolve("agent-plain"),
            LONG_EPOCH,
            new LinkSecurity.Plaintext(),
            Faults.NONE,
            AgentLimits.DEFAULTS,
            Optional.empty());
    assertThatThrownBy(() -> SnapshotAgent.start(keyless, operator))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ack key");
    try (SnapshotAgent loopback =
        SnapshotAgent.start(
            new SnapshotAgent.Config(
                SnapshotWorld.SITE,
                SnapshotWorld.OPERATOR,
                new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(),
                dir.resolve("agent-plain"),
                LONG_EPOCH,
                new LinkSecurity.Plaintext(),
                Faults.NONE,
                AgentLimits.DEFAULTS,
                Optional.of(tls().keyPem())),
            operator)) {
      assertThat(loopback.port()).isPositive();
    }
  }

  @Test
  void everyAckIsSignedByTheAgentsKeyAndATamperedAckFailsTheCheck() throws Exception {
    start(AgentLimits.DEFAULTS);
    String serial = world.deployed.get(0);
    Replies stream = new Replies(chipChannel(serial));
    SubmitAck accepted = stream.ack(record(serial, 1, SnapshotRules.GENESIS));
    SubmitAck refused = stream.ack(record(serial, 5, SnapshotRules.GENESIS));
    var agentKey = AckSignatures.publicKey(tls().certPem());
    assertThat(accepted.getAccepted()).isTrue();
    assertThat(AckSignatures.verify(accepted, agentKey)).isTrue();
    assertThat(refused.getAccepted()).isFalse();
    assertThat(AckSignatures.verify(refused, agentKey)).isTrue();
    SubmitAck forged = refused.toBuilder().setAccepted(true).clearErrorCode().build();
    assertThat(AckSignatures.verify(forged, agentKey)).isFalse();
    var otherKey = AckSignatures.publicKey(dir.resolve("tls/" + serial + "/cert.pem"));
    assertThat(AckSignatures.verify(accepted, otherKey)).isFalse();
  }

  @Test
  void anOversizedMessageEndsItsStreamWithResourceExhausted() throws Exception {
    start(AgentLimits.DEFAULTS);
    String serial = world.deployed.get(0);
    SignedSnapshotRecord huge =
        record(serial, 1, SnapshotRules.GENESIS).toBuilder()
            .setSignature(ByteString.copyFrom(new byte[AgentLimits.DEFAULTS.maxMessageBytes()]))
            .build();
    Status status = new Replies(chipChannel(serial)).status(huge);
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    // The chip's next stream works.
    assertThat(
            new Replies(chipChannel(serial))
                .ack(record(serial, 1, SnapshotRules.GENESIS))
                .getAccepted())
        .isTrue();
  }

  @Test
  void aClientCertificateHoldsAtMostItsLimitOfStreams() throws Exception {
    start(AgentLimits.DEFAULTS.withStreamsPerClient(2));
    String serial = world.deployed.get(0);
    ManagedChannel channel = chipChannel(serial);
    Replies first = new Replies(channel);
    SubmitAck ack = first.ack(record(serial, 1, SnapshotRules.GENESIS));
    Replies second = new Replies(channel);
    assertThat(second.ack(record(serial, 1, SnapshotRules.GENESIS)).getErrorCode())
        .isEqualTo("SNAPSHOT_REPLAYED");
    // A third stream, even over a fresh connection with the same certificate, is refused.
    Status third = new Replies(chipChannel(serial)).status(record(serial, 2, ack.getRecordHash()));
    assertThat(third.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(third.getDescription()).startsWith("AGENT_STREAM_LIMIT(204)");
    assertThat(agent.metrics().streamsRefusedTotal()).isEqualTo(1);
    // Another chip's certificate is not affected.
    String other = world.deployed.get(1);
    assertThat(
            new Replies(chipChannel(other))
                .ack(record(other, 1, SnapshotRules.GENESIS))
                .getAccepted())
        .isTrue();
    // Closing a stream gives its slot back.
    first.requests.onCompleted();
    assertThat(first.next()).isEqualTo("completed");
    Replies again = waitForSlot(serial);
    assertThat(again.ack(record(serial, 2, ack.getRecordHash())).getAccepted()).isTrue();
  }

  private Replies waitForSlot(String serial) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Replies replies = new Replies(chipChannel(serial));
      // A replayed counter answers without changing anything: a probe of the slot.
      replies.requests.onNext(record(serial, 1, SnapshotRules.GENESIS));
      Object reply = replies.next();
      if (reply instanceof SubmitAck) {
        return replies;
      }
      assertThat(System.nanoTime()).as("a slot within 30 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void aChipOverItsRateIsRefusedAndItsRecordIsNotKept() throws Exception {
    start(new AgentLimits(256, 64 * 1024, 256, 16_384, 0.001, 3, 50, 1000, Duration.ofMinutes(1)));
    String serial = world.deployed.get(0);
    Replies stream = new Replies(chipChannel(serial));
    ByteString prev = SnapshotRules.GENESIS;
    for (int counter = 1; counter <= 3; counter++) {
      SubmitAck ack = stream.ack(record(serial, counter, prev));
      assertThat(ack.getAccepted()).as(ack.getDetail()).isTrue();
      prev = ack.getRecordHash();
    }
    SubmitAck fourth = stream.ack(record(serial, 4, prev));
    assertThat(fourth.getAccepted()).isFalse();
    assertThat(fourth.getErrorCode()).isEqualTo("AGENT_RATE_LIMITED");
    assertThat(fourth.getErrorNumber()).isEqualTo(201);
    // Nothing of #4 was kept: the same record is refused for rate, not as a replay.
    assertThat(stream.ack(record(serial, 4, prev)).getErrorCode()).isEqualTo("AGENT_RATE_LIMITED");
    // Forged records of the chip do not spend its rate: the other chip is unaffected anyway.
    assertThat(agent.metrics().acceptedTotal()).isEqualTo(3);
  }

  @Test
  void unknownSerialsCostABoundedNumberOfLedgerQueriesAndAreRemembered() throws Exception {
    start(AgentLimits.DEFAULTS.withLedgerLookupsPerSecond(5));
    Replies stream = new Replies(hostChannel());
    ChipSigner key = ChipSigner.load(dir.resolve("chip-keys/" + world.deployed.get(0) + ".pem"));
    long began = System.nanoTime();
    int budgetRefusals = 0;
    for (int i = 0; i < 200; i++) {
      SubmitAck ack =
          stream.ack(
              SnapshotWorld.sign(
                  key, SnapshotWorld.record("SN-NOBODY-" + i, 1, SnapshotRules.GENESIS, 1)));
      assertThat(ack.getAccepted()).isFalse();
      assertThat(ack.getErrorCode()).isIn("CHIP_NOT_FOUND", "AGENT_LOOKUP_BUDGET");
      if (ack.getErrorCode().equals("AGENT_LOOKUP_BUDGET")) {
        budgetRefusals++;
      }
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    long lookups = agent.metrics().ledgerLookupsTotal();
    assertThat(lookups).isLessThanOrEqualTo((long) Math.ceil(5 + 5 * seconds) + 1);
    assertThat(budgetRefusals).isPositive();
    // A serial the ledger refused is remembered: asking again costs no query.
    long before = agent.metrics().ledgerLookupsTotal();
    String known = "SN-NOBODY-0";
    for (int i = 0; i < 20; i++) {
      SubmitAck again =
          stream.ack(
              SnapshotWorld.sign(key, SnapshotWorld.record(known, 1, SnapshotRules.GENESIS, 1)));
      assertThat(again.getErrorCode()).isEqualTo("CHIP_NOT_FOUND");
    }
    assertThat(agent.metrics().ledgerLookupsTotal()).isEqualTo(before);
    assertThat(agent.unknownChipsRemembered()).isEqualTo((int) lookups);
  }

  @Test
  void aFailedJournalWriteStopsAcksTurnsHealthRedAndResumesWhenWritesSucceed() throws Exception {
    start(AgentLimits.DEFAULTS);
    String serial = world.deployed.get(0);
    SignedSnapshotRecord first = record(serial, 1, SnapshotRules.GENESIS);
    assertThat(health()).isEqualTo(200);

    journalBroken.set(true);
    Status status = new Replies(chipChannel(serial)).status(first);
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).startsWith("AGENT_JOURNAL_FAILING(203)");
    assertThat(health()).isEqualTo(503);
    assertThat(metric("chipledger_agent_journal_healthy")).isEqualTo("0.0");
    // While it fails, every record is refused, on every stream, and none is acknowledged.
    Status again = new Replies(chipChannel(serial)).status(first);
    assertThat(again.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(agent.metrics().acceptedTotal()).isZero();

    journalBroken.set(false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (agent.unhealthy().isPresent()) {
      assertThat(System.nanoTime()).as("healthy within 30 s").isLessThan(deadline);
      Thread.sleep(10);
    }
    assertThat(health()).isEqualTo(200);
    assertThat(metric("chipledger_agent_journal_healthy")).isEqualTo("1.0");
    // The refused record was never kept: it is accepted now, not answered as a replay.
    SubmitAck ack = new Replies(chipChannel(serial)).ack(first);
    assertThat(ack.getAccepted()).as(ack.getDetail()).isTrue();
    assertThat(metric("chipledger_agent_journal_failures_total")).isEqualTo("1");
  }

  private int health() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agent.metricsPort().orElseThrow() + "/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private String metric(String name) throws Exception {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + agent.metricsPort().orElseThrow() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : body.split("\n")) {
      if (line.startsWith(name + " ")) {
        return line.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no metric " + name + " in\n" + body);
  }
}
