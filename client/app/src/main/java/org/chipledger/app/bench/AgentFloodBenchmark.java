package org.chipledger.app.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.chipledger.agent.AgentLimits;
import org.chipledger.agent.Faults;
import org.chipledger.agent.SnapshotAgent;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/**
 * The snapshot agent under a flood: a hostile relaying host opens {@code streams} Submit streams
 * (in waves) with one record each for a random unknown serial, while honest chips, each on its own
 * stream from another host, send their chains one record at a time. Reports the process's heap
 * (before, sampled peak, after) and the honest chips' ack rate. Clients and agent share the JVM, so
 * the heap figures include the flooding clients' own memory: an upper bound for the agent's.
 */
record AgentFloodBenchmark(Path dir, int streams, int wave, int honestChips, int honestRecords) {
  private static final String SITE = "flood-site";
  private static final String OPERATOR = "dc-us";
  private static final int HOSTILE_CHANNELS = 8;

  List<LedgerBenchmark.Figure> run() throws Exception {
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      Fleet fleet = SnapshotBenchmark.foundedFleet(cast, OPERATOR, SITE, "SN-F", 18L, honestChips);
      CertificateAuthority ca = CertificateAuthority.create("FloodTLS", "flood-tls-ca");
      LinkSecurity.TlsFiles agentTls = tls(ca, "snapshot-agent", "agent");
      LinkSecurity.TlsFiles honestTls = tls(ca, "host:honest", "honest");
      LinkSecurity.TlsFiles evilTls = tls(ca, "host:evil", "evil");
      AgentLimits limits = AgentLimits.DEFAULTS.withStreamsPerClient(128);
      try (SnapshotAgent agent =
          SnapshotAgent.start(
              new SnapshotAgent.Config(
                  SITE,
                  OPERATOR,
                  new InetSocketAddress("127.0.0.1", 0),
                  Optional.empty(),
                  dir.resolve("agent"),
                  Duration.ofHours(1),
                  agentTls,
                  Faults.NONE,
                  limits,
                  Optional.empty()),
              cast.as(OPERATOR))) {
        return flood(agent, fleet, honestTls, evilTls, limits);
      }
    }
  }

  private List<LedgerBenchmark.Figure> flood(
      SnapshotAgent agent,
      Fleet fleet,
      LinkSecurity.TlsFiles honestTls,
      LinkSecurity.TlsFiles evilTls,
      AgentLimits limits)
      throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long heapBefore = usedAfterGc(memory);
    HeapSampler sampler = new HeapSampler(memory);
    sampler.start();
    List<ManagedChannel> hostile = new ArrayList<>();
    for (int c = 0; c < HOSTILE_CHANNELS; c++) {
      hostile.add(evilTls.channelTo("127.0.0.1", agent.port()));
    }
    ChipSigner forger = new ChipSigner(fleet.keys(0).getPrivate());
    List<Honest> honest = new ArrayList<>();
    for (int c = 0; c < honestChips; c++) {
      honest.add(new Honest(fleet, c, honestTls.channelTo("127.0.0.1", agent.port())));
    }
    long began = System.nanoTime();
    honest.forEach(h -> h.thread.start());
    Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    SplittableRandom random = new SplittableRandom(18);
    for (int sent = 0; sent < streams; sent += wave) {
      int n = Math.min(wave, streams - sent);
      CountDownLatch ended = new CountDownLatch(n);
      for (int s = 0; s < n; s++) {
        String serial = "SN-FLOOD-" + Long.toHexString(random.nextLong());
        floodOne(hostile.get(s % hostile.size()), junk(forger, serial), ended, outcomes);
      }
      if (!ended.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a wave of the flood did not end within two minutes");
      }
    }
    double floodSeconds = (System.nanoTime() - began) / 1e9;
    long honestEnded = began;
    for (Honest h : honest) {
      h.thread.join(TimeUnit.MINUTES.toMillis(5));
      honestEnded = Math.max(honestEnded, h.ended);
    }
    double honestSeconds = (honestEnded - began) / 1e9;
    sampler.stop();
    hostile.forEach(ManagedChannel::shutdownNow);
    long heapAfter = usedAfterGc(memory);
    long acked = 0;
    for (Honest h : honest) {
      if (h.failure.get() != null) {
        throw new IllegalStateException("an honest chip was refused: " + h.failure.get());
      }
      acked += h.acked.get();
    }
    long lookups = agent.metrics().ledgerLookupsTotal();
    return List.of(
        figure("flood", streams / floodSeconds, "streams/s", floodNote(floodSeconds, outcomes)),
        figure(
            "ledger lookups during the flood",
            lookups / floodSeconds,
            "lookups/s",
            String.format(
                "%,d in all; limit %.0f/s; %,d unknown serials remembered (cap %,d)",
                lookups,
                limits.ledgerLookupsPerSecond(),
                agent.unknownChipsRemembered(),
                limits.unknownChips())),
        figure(
            "honest acks during the flood",
            acked / honestSeconds,
            "acks/s",
            String.format(
                "%,d of %,d records of %d chips acknowledged, one at a time per chip, each fsynced,"
                    + " the last %.1f s after the flood began",
                acked, (long) honestChips * honestRecords, honestChips, honestSeconds)),
        figure("heap used before", mib(heapBefore), "MiB", "after a full GC; agent and clients"),
        figure(
            "heap used, peak",
            mib(sampler.peak.get()),
            "MiB",
            "sampled every 20 ms during the flood, garbage included; max heap "
                + String.format("%,.0f MiB", mib(memory.getHeapMemoryUsage().getMax()))),
        figure(
            "heap used after",
            mib(heapAfter),
            "MiB",
            String.format(
                "after a full GC; journal queue high water %,d (cap %,d)",
                agent.metrics().journalQueueHighWater(), limits.queueCapacity())));
  }

  private String floodNote(double seconds, Map<String, AtomicLong> outcomes) {
    return String.format(
        "%,d streams in waves of %,d over %d channels of one client certificate (cap 128"
            + " streams), %.1f s; outcomes %s",
        streams, wave, HOSTILE_CHANNELS, seconds, new TreeMap<>(outcomes));
  }

  private LinkSecurity.TlsFiles tls(CertificateAuthority ca, String name, String folder) {
    return LinkSecurity.TlsFiles.write(
        ca.issueTls(name, List.of("127.0.0.1")), ca.certificatePem(), dir.resolve("tls/" + folder));
  }

  private static SignedSnapshotRecord junk(ChipSigner forger, String serial) {
    return forger.signRecord(record(serial, 1, SnapshotRules.GENESIS));
  }

  private static SnapshotRecord record(String serial, long counter, ByteString prev) {
    return SnapshotRecord.newBuilder()
        .setChipSerial(serial)
        .setCounter(counter)
        .setChipTime(Timestamp.newBuilder().setSeconds(1_800_000_000L + counter * 864L))
        .setWeightHash(ByteString.copyFrom(new byte[32]))
        .setPrevRecordHash(prev)
        .setFirmwareVersion("1.0.0")
        .setRunId("flood-run")
        .build();
  }

  /** One hostile stream: a record, then the end of the stream. */
  private static void floodOne(
      ManagedChannel channel,
      SignedSnapshotRecord junk,
      CountDownLatch ended,
      Map<String, AtomicLong> outcomes) {
    StreamObserver<SignedSnapshotRecord> requests =
        AgentStreams.open(
            channel,
            ack -> count(outcomes, ack.getAccepted() ? "ACCEPTED" : ack.getErrorCode()),
            t -> {
              count(outcomes, Status.fromThrowable(t).getCode().name());
              ended.countDown();
            },
            ended::countDown);
    requests.onNext(junk);
    requests.onCompleted();
  }

  private static void count(Map<String, AtomicLong> outcomes, String key) {
    outcomes.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }

  private static LedgerBenchmark.Figure figure(String name, double value, String unit, String n) {
    return new LedgerBenchmark.Figure(name, value, unit, n);
  }

  /** An honest chip on its own stream, sending its chain one record at a time. */
  private final class Honest {
    final AtomicLong acked = new AtomicLong();
    final AtomicReference<String> failure = new AtomicReference<>();
    final Thread thread;
    volatile long ended;

    Honest(Fleet fleet, int index, ManagedChannel channel) {
      String serial = fleet.serials().get(index);
      ChipSigner key = new ChipSigner(fleet.keys(index).getPrivate());
      thread = new Thread(() -> send(serial, key, channel), "honest-" + serial);
    }

    private void send(String serial, ChipSigner key, ManagedChannel channel) {
      LinkedBlockingQueue<Object> replies = new LinkedBlockingQueue<>();
      StreamObserver<SignedSnapshotRecord> requests =
          AgentStreams.open(channel, replies::add, replies::add, () -> {});
      try {
        ByteString prev = SnapshotRules.GENESIS;
        for (int counter = 1; counter <= honestRecords; counter++) {
          requests.onNext(key.signRecord(record(serial, counter, prev)));
          Object reply = replies.poll(60, TimeUnit.SECONDS);
          if (!(reply instanceof SubmitAck ack) || !ack.getAccepted()) {
            failure.compareAndSet(null, serial + " record " + counter + ": " + reply);
            return;
          }
          prev = ack.getRecordHash();
          acked.incrementAndGet();
        }
        requests.onCompleted();
        ended = System.nanoTime();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.compareAndSet(null, serial + ": interrupted");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** Samples the heap in use every 20 ms and keeps the largest value seen. */
  private static final class HeapSampler {
    final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler(MemoryMXBean memory) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }
  }
}
