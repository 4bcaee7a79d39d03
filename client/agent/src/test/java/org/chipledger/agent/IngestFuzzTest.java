package org.chipledger.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/**
 * Fuzzes the agent's ingest messages: the bytes a chip stream carries (parsed as the gRPC layer
 * does) and records whose fields the fuzzer picks, for deployed and unknown chips, signed by the
 * chip's key or not, on links authenticated as that chip or another. The contract: unparseable
 * bytes fail only with {@link InvalidProtocolBufferException}; every record gets, within seconds,
 * an ack that is either accepted or names a refusal code; never an exception.
 */
class IngestFuzzTest {
  private static final Duration ACK_WITHIN = Duration.ofSeconds(10);

  /** One world per JVM: building the ledger takes seconds, an execution must take microseconds. */
  private static Harness harness;

  @FuzzTest(maxDuration = "10s")
  void everyMessageIsAckedOrRefusedWithACode(FuzzedDataProvider data) throws Exception {
    Harness world = harness();
    SignedSnapshotRecord signed;
    if (data.consumeInt(0, 3) == 0) {
      try {
        signed = SignedSnapshotRecord.parseFrom(data.consumeRemainingAsBytes());
      } catch (InvalidProtocolBufferException e) {
        return; // the gRPC marshaller turns this into a failed call; nothing reaches the agent
      }
    } else {
      signed = record(world, data);
    }
    Optional<String> peer =
        switch (data.consumeInt(0, 2)) {
          case 0 -> Optional.empty();
          case 1 -> Optional.of(world.serials.get(0));
          default -> Optional.of(data.consumeString(16));
        };
    SubmitAck ack =
        world.ingestor.submit(signed, peer).get(ACK_WITHIN.toSeconds(), TimeUnit.SECONDS);
    if (!ack.getAccepted()) {
      assertThat(ack.getErrorCode()).isNotEmpty();
      assertThat(ack.getErrorNumber()).isNotZero();
    }
  }

  private static SignedSnapshotRecord record(Harness world, FuzzedDataProvider data) {
    int which = data.consumeInt(0, 2);
    String serial = which < 2 ? world.serials.get(which) : data.consumeString(40);
    SnapshotRecord record =
        SnapshotRecord.newBuilder()
            .setChipSerial(serial)
            .setCounter(data.consumeBoolean() ? data.consumeLong(1, 5) : data.consumeLong())
            .setChipTime(Timestamp.newBuilder().setSeconds(data.consumeLong(0, 4_000_000_000L)))
            .setWeightHash(ByteString.copyFrom(data.consumeBytes(40)))
            .setPrevRecordHash(ByteString.copyFrom(data.consumeBytes(40)))
            .setFirmwareVersion(data.consumeString(12))
            .setRunId(data.consumeString(12))
            .setTrainingStep(data.consumeLong())
            .build();
    byte[] bytes = record.toByteArray();
    byte[] signature =
        which < 2 && data.consumeBoolean()
            ? world.keys.get(which).sign(bytes)
            : data.consumeBytes(80);
    return SignedSnapshotRecord.newBuilder()
        .setRecord(ByteString.copyFrom(bytes))
        .setSignature(ByteString.copyFrom(signature))
        .build();
  }

  private static synchronized Harness harness() throws IOException {
    if (harness == null) {
      Path dir = Files.createTempDirectory("ingest-fuzz");
      harness = new Harness(dir);
      Harness built = harness;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> built.closeAndDelete(dir)));
    }
    return harness;
  }

  /** A ledger with two deployed chips, and the agent's journal and ingestor over it. */
  private static final class Harness {
    final List<String> serials;
    final List<ChipSigner> keys;
    final EmbeddedLedger ledger;
    final LedgerClient operator;
    final AgentStore store;
    final ChipDirectory chips;
    final Ingestor ingestor;

    Harness(Path dir) throws IOException {
      SnapshotWorld world = SnapshotWorld.create(dir, 2);
      serials = List.copyOf(world.deployed);
      keys =
          serials.stream()
              .map(
                  serial -> {
                    try {
                      return ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem"));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .toList();
      ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir));
      operator = SnapshotWorld.operator(dir, ledger);
      store = AgentStore.open(dir.resolve("agent-store"));
      AgentMetrics metrics = new AgentMetrics();
      chips =
          new ChipDirectory(
              operator, SnapshotWorld.OPERATOR, Duration.ofHours(1), AgentLimits.DEFAULTS, metrics);
      ingestor =
          new Ingestor(
              store, chips, SnapshotWorld.SITE, metrics, Faults.NONE, AgentLimits.DEFAULTS);
    }

    void closeAndDelete(Path dir) {
      ingestor.close();
      chips.close();
      store.close();
      operator.close();
      ledger.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        // A temporary folder left behind at JVM exit harms nothing.
      }
    }
  }
}
