package org.chipledger.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relaying host turned hostile opens 10,000 Submit streams (in waves of 500 at once, over
 * loopback) and sends records for random serials, while the honest chips keep snapshotting: the
 * agent's memory stays bounded, its ledger sees a bounded query rate, and every honest record is
 * acknowledged.
 */
class AgentFloodTest {
  private static final int STREAMS = 10_000;
  private static final int WAVE = 500;
  private static final int HONEST_RECORDS = 20;
  private static final double LOOKUPS_PER_SECOND = 20;

  @TempDir Path dir;

  @Test
  void tenThousandHostileStreamsLeaveHonestChipsAcknowledged() throws Exception {
    SnapshotWorld world = SnapshotWorld.create(dir, 3);
    AgentLimits limits =
        AgentLimits.DEFAULTS
            .withStreamsPerClient(128)
            .withLedgerLookupsPerSecond(LOOKUPS_PER_SECOND);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir));
        LedgerClient operator = SnapshotWorld.operator(dir, ledger);
        SnapshotAgent agent =
            SnapshotAgent.start(
                SnapshotWorld.config(
                        dir,
                        LinkSecurity.TlsFiles.in(dir.resolve("tls/agent")),
                        Duration.ofHours(1),
                        Faults.NONE)
                    .withLimits(limits),
                operator)) {
      long heapBefore = usedHeapAfterGc();
      List<ManagedChannel> hostile = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        hostile.add(world.hostTls("evil").channelTo("127.0.0.1", agent.port()));
      }
      ChipSigner forger = ChipSigner.load(dir.resolve("chip-keys/" + world.idle + ".pem"));
      HonestChips honest = new HonestChips(world, agent.port());
      honest.start();
      long began = System.nanoTime();
      ConcurrentHashMap<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
      SplittableRandom random = new SplittableRandom(18);
      for (int wave = 0; wave < STREAMS / WAVE; wave++) {
        CountDownLatch ended = new CountDownLatch(WAVE);
        for (int s = 0; s < WAVE; s++) {
          String serial = "SN-FLOOD-" + Long.toHexString(random.nextLong());
          SignedSnapshotRecord junk =
              SnapshotWorld.sign(forger, SnapshotWorld.record(serial, 1, SnapshotRules.GENESIS, 1));
          flood(hostile.get(s % hostile.size()), junk, ended, outcomes);
        }
        assertThat(ended.await(60, TimeUnit.SECONDS)).as("wave " + wave + " ended").isTrue();
      }
      double seconds = (System.nanoTime() - began) / 1e9;
      honest.await();
      long heapAfter = usedHeapAfterGc();
      hostile.forEach(ManagedChannel::shutdownNow);

      long lookups = agent.metrics().ledgerLookupsTotal();
      System.out.printf(
          "flood: %d streams in %.1f s (%.0f streams/s); outcomes %s; ledger lookups %d"
              + " (%.1f/s); heap %+.1f MiB; honest acks %d in %.1f s (%.1f acks/s)%n",
          STREAMS,
          seconds,
          STREAMS / seconds,
          outcomes,
          lookups,
          lookups / seconds,
          (heapAfter - heapBefore) / 1048576.0,
          honest.acked.get(),
          honest.seconds(),
          honest.acked.get() / honest.seconds());
      assertThat(honest.failure.get()).isNull();
      assertThat(honest.acked.get()).isEqualTo(3L * HONEST_RECORDS);
      assertThat(lookups)
          .as("ledger queries over %.1f s", seconds)
          .isLessThanOrEqualTo((long) Math.ceil(LOOKUPS_PER_SECOND * (1 + seconds)) + 1);
      // Whether a wave ever holds more streams than the per-certificate cap depends on the
      // machine's
      // speed; the cap itself is tested deterministically in AgentLimitsTest.
      assertThat(agent.unknownChipsRemembered()).isLessThanOrEqualTo(limits.unknownChips());
      assertThat(agent.metrics().journalQueueHighWater())
          .isLessThanOrEqualTo(limits.queueCapacity());
      assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(256L * 1024 * 1024);
      assertThat(agent.metrics().acceptedTotal()).isEqualTo(3L * HONEST_RECORDS);
    }
  }

  /** One hostile stream: a record for a random serial, then the end of the stream. */
  private static void flood(
      ManagedChannel channel,
      SignedSnapshotRecord junk,
      CountDownLatch ended,
      ConcurrentHashMap<String, AtomicLong> outcomes) {
    StreamObserver<SignedSnapshotRecord> requests =
        SnapshotIngestGrpc.newStub(channel)
            .submit(
                new StreamObserver<>() {
                  @Override
                  public void onNext(SubmitAck ack) {
                    count(outcomes, ack.getAccepted() ? "ACCEPTED" : ack.getErrorCode());
                  }

                  @Override
                  public void onError(Throwable t) {
                    count(outcomes, Status.fromThrowable(t).getCode().name());
                    ended.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    ended.countDown();
                  }
                });
    requests.onNext(junk);
    requests.onCompleted();
  }

  private static void count(ConcurrentHashMap<String, AtomicLong> outcomes, String key) {
    outcomes.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** The deployed chips, each on its own mTLS stream, sending their chains during the flood. */
  private static final class HonestChips {
    final AtomicLong acked = new AtomicLong();
    final AtomicReference<String> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long began = System.nanoTime();
    private volatile long endedNanos;

    HonestChips(SnapshotWorld world, int port) {
      for (String serial : world.deployed) {
        threads.add(new Thread(() -> run(world, port, serial), "honest-" + serial));
      }
    }

    void start() {
      threads.forEach(Thread::start);
    }

    void await() throws InterruptedException {
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(120));
        assertThat(t.isAlive()).as("honest chip done within two minutes").isFalse();
      }
      endedNanos = System.nanoTime();
    }

    double seconds() {
      return (endedNanos - began) / 1e9;
    }

    private void run(SnapshotWorld world, int port, String serial) {
      ManagedChannel channel = world.channel(serial, port);
      try {
        ChipSigner key = ChipSigner.load(world.dir.resolve("chip-keys/" + serial + ".pem"));
        ChipStream stream = new ChipStream(channel);
        ByteString prev = SnapshotRules.GENESIS;
        for (int counter = 1; counter <= HONEST_RECORDS; counter++) {
          SubmitAck ack =
              stream.send(
                  SnapshotWorld.sign(key, SnapshotWorld.record(serial, counter, prev, counter)));
          if (!ack.getAccepted()) {
            failure.compareAndSet(null, serial + ": " + ack.getErrorCode() + " " + ack.getDetail());
            return;
          }
          prev = ack.getRecordHash();
          acked.incrementAndGet();
        }
        stream.close();
      } catch (Exception | AssertionError e) {
        failure.compareAndSet(null, serial + ": " + e);
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
