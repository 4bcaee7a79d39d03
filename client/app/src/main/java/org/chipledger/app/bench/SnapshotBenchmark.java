package org.chipledger.app.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.agent.SnapshotAgent;
import org.chipledger.chaincode.snapshot.ChipKeyring;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.storage.DurableRocks;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.WeightHasher;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.rocksdb.WriteBatch;

/**
 * The snapshot agent's ingestion rate over mTLS gRPC with every signature checked and every record
 * fsynced before its ack, the ledger's commit rate of the resulting batches, what bounds ingestion
 * (signature CPU, fsync or the stream), and the weight hash against raw SHA-256.
 */
public record SnapshotBenchmark(
    Path dir, int chips, int recordsPerChip, int streams, int window, LongConsumer progress) {
  private static final String SITE = "bench-site";
  private static final String OPERATOR = "dc-us";

  /**
   * Founds the ledger of {@code cast} and deploys {@code chips} new chips, made by fab-us, at the
   * operator's US site.
   */
  static Fleet foundedFleet(
      EmbeddedCast cast, String operator, String site, String serialPrefix, long seed, int chips) {
    Founding.found(cast, Founding.policy());
    return Fleet.deploy(
        cast.as("fab-us"),
        cast.as(operator),
        operator,
        site,
        "US",
        serialPrefix,
        seed,
        chips,
        0,
        n -> {});
  }

  public List<LedgerBenchmark.Figure> run() throws Exception {
    List<LedgerBenchmark.Figure> figures = new ArrayList<>();
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      Fleet fleet = foundedFleet(cast, OPERATOR, SITE, "SN-B", 5L, chips);
      List<List<SignedSnapshotRecord>> perStream = sign(fleet);
      int total = chips * recordsPerChip;
      figures.add(verifyCost(perStream.get(0), fleet));

      try (LoopbackAgent rig =
          LoopbackAgent.start(dir, SITE, OPERATOR, Duration.ofDays(1), cast.as(OPERATOR))) {
        SnapshotAgent agent = rig.agent();
        var cpu =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = cpu.getProcessCpuTime();
        long start = System.nanoTime();
        ingest(agent.port(), rig.hostTls(), perStream);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (cpu.getProcessCpuTime() - cpuBefore) / 1e9;
        figures.add(
            new LedgerBenchmark.Figure(
                "agent ingestion",
                total / seconds,
                "records/s",
                String.format(
                    "%,d signed records of %,d chips over %d mTLS streams, window %d; verified,"
                        + " fsynced before each ack",
                    total, chips, streams, window)));
        figures.add(
            new LedgerBenchmark.Figure(
                "agent CPU per record",
                cpuSeconds / total * 1e6,
                "µs",
                String.format(
                    "whole process incl. the client streams; %.2f of %d cores busy",
                    cpuSeconds / seconds, Runtime.getRuntime().availableProcessors())));
        start = System.nanoTime();
        agent.flush();
        double commitSeconds = (System.nanoTime() - start) / 1e9;
        figures.add(
            new LedgerBenchmark.Figure(
                "ledger commit of the batches",
                total / commitSeconds,
                "records/s",
                String.format(
                    "%d batches (≤10,000 records each) through SnapshotContract on the embedded"
                        + " ledger; every signature re-checked",
                    agent.metrics().batchesCommittedTotal())));
        if (agent.metrics().recordsCommittedTotal() != total) {
          throw new IllegalStateException(
              "committed " + agent.metrics().recordsCommittedTotal() + " of " + total);
        }
      }
    }
    figures.add(fsyncCost());
    figures.addAll(weightHash());
    return figures;
  }

  /** Each stream's records: its chips' chains, interleaved across chips, in counter order. */
  private List<List<SignedSnapshotRecord>> sign(Fleet fleet) {
    List<List<SignedSnapshotRecord>> perStream = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      perStream.add(new ArrayList<>());
    }
    SplittableRandom random = new SplittableRandom(5);
    List<String> serials = fleet.serials();
    ByteString[] heads = new ByteString[serials.size()];
    ChipSigner[] signers = new ChipSigner[serials.size()];
    for (int c = 0; c < serials.size(); c++) {
      heads[c] = SnapshotRules.GENESIS;
      signers[c] = new ChipSigner(fleet.keys(c).getPrivate());
    }
    long signed = 0;
    for (int counter = 1; counter <= recordsPerChip; counter++) {
      for (int c = 0; c < serials.size(); c++) {
        byte[] weights = new byte[32];
        random.nextBytes(weights);
        SnapshotRecord record =
            SnapshotRecord.newBuilder()
                .setChipSerial(serials.get(c))
                .setCounter(counter)
                .setChipTime(Timestamp.newBuilder().setSeconds(1_800_000_000L + counter * 864L))
                .setWeightHash(ByteString.copyFrom(weights))
                .setPrevRecordHash(heads[c])
                .setFirmwareVersion("1.0.0")
                .setRunId("bench-run")
                .build();
        SignedSnapshotRecord s = signers[c].signRecord(record);
        heads[c] = SnapshotRules.recordHash(s);
        perStream.get(c % streams).add(s);
        progress.accept(++signed);
      }
    }
    return perStream;
  }

  private void ingest(
      int port, LinkSecurity.TlsFiles tls, List<List<SignedSnapshotRecord>> perStream)
      throws Exception {
    CountDownLatch done = new CountDownLatch(perStream.size());
    AtomicReference<String> failure = new AtomicReference<>();
    AtomicLong acked = new AtomicLong();
    long offset = (long) chips * recordsPerChip; // progress counts signing, then acks
    List<ManagedChannel> channels = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    try {
      for (List<SignedSnapshotRecord> records : perStream) {
        ManagedChannel channel = tls.channelTo("127.0.0.1", port);
        channels.add(channel);
        Semaphore inFlight = new Semaphore(window);
        StreamObserver<SignedSnapshotRecord> requests =
            AgentStreams.open(
                channel,
                ack -> {
                  if (!ack.getAccepted()) {
                    failure.compareAndSet(null, ack.getErrorCode() + ": " + ack.getDetail());
                  }
                  inFlight.release();
                  progress.accept(offset + acked.incrementAndGet());
                },
                t -> {
                  failure.compareAndSet(null, t.toString());
                  done.countDown();
                },
                done::countDown);
        Thread sender =
            new Thread(
                () -> {
                  try {
                    for (SignedSnapshotRecord record : records) {
                      inFlight.acquire();
                      synchronized (requests) {
                        requests.onNext(record);
                      }
                    }
                    requests.onCompleted();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "bench-stream");
        senders.add(sender);
      }
      senders.forEach(Thread::start);
      if (!done.await(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException("ingestion did not finish in 30 minutes");
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a record was refused: " + failure.get());
      }
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
    }
  }

  private static LedgerBenchmark.Figure verifyCost(List<SignedSnapshotRecord> records, Fleet fleet)
      throws Exception {
    ChipKeyring keyring = new ChipKeyring(fleet.serials().size());
    int n = Math.min(records.size(), 3000);
    List<ByteString> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String serial = SnapshotRecord.parseFrom(records.get(i).getRecord()).getChipSerial();
      keys.add(
          ByteString.copyFrom(
              fleet.keys(fleet.serials().indexOf(serial)).getPublic().getEncoded()));
    }
    long start = 0;
    for (int round = 0; round < 2; round++) { // the first round warms up and decodes the keys
      start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        SignedSnapshotRecord r = records.get(i);
        if (!keyring.verify(
            keys.get(i), r.getRecord().toByteArray(), r.getSignature().toByteArray())) {
          throw new IllegalStateException("a benchmark record does not verify");
        }
      }
    }
    return new LedgerBenchmark.Figure(
        "ECDSA P-256 verify (Bouncy Castle)",
        (System.nanoTime() - start) / 1e3 / n,
        "µs",
        "single thread; caps ingestion at cores / this");
  }

  private LedgerBenchmark.Figure fsyncCost() throws Exception {
    Path probe = dir.resolve("fsync-probe");
    int writes = 300;
    try (DurableRocks db = DurableRocks.open(probe, true, List.of("journal"))) {
      var family = db.family("journal");
      byte[] value = new byte[300];
      long start = System.nanoTime();
      for (int i = 0; i < writes; i++) {
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(family, ByteBuffer.allocate(8).putLong(i).array(), value);
          db.write(batch);
        }
      }
      return new LedgerBenchmark.Figure(
          "fsync'd journal write",
          (System.nanoTime() - start) / 1e3 / writes,
          "µs",
          "one 300-byte record per synced RocksDB write; the agent groups every record that"
              + " arrives meanwhile into one");
    }
  }

  /** The canonical weight hash against the JDK's SHA-256 over the same 256 MiB, best of 3. */
  private static List<LedgerBenchmark.Figure> weightHash() throws Exception {
    int floats = 64 * 1024 * 1024;
    ByteBuffer bytes = ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.LITTLE_ENDIAN);
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < floats; i++) {
      bytes.putFloat(i * 4, (float) random.nextGaussian());
    }
    double weightBest = Double.MAX_VALUE;
    double rawBest = Double.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      WeightHasher.hashLittleEndian(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN));
      weightBest = Math.min(weightBest, (System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      MessageDigest sha = Sha256.newDigest();
      sha.update(bytes.duplicate());
      sha.digest();
      rawBest = Math.min(rawBest, (System.nanoTime() - start) / 1e9);
    }
    double mib = floats * 4 / (1024.0 * 1024.0);
    return List.of(
        new LedgerBenchmark.Figure(
            "weight hash (canonical float32)",
            mib / weightBest,
            "MiB/s",
            "256 MiB of weights, best of 3"),
        new LedgerBenchmark.Figure(
            "raw SHA-256 (JDK) on the same buffer", mib / rawBest, "MiB/s", "same run, best of 3"));
  }
}
