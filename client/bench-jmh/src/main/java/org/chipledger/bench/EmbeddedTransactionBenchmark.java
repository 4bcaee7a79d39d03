package org.chipledger.bench;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One embedded transaction end to end, on one thread: a fab registers a lot of one chip (signed,
 * admitted, executed by the chaincode, committed with fsync).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EmbeddedTransactionBenchmark {
  private Path dir;
  private EmbeddedCast cast;
  private LedgerClient fab;
  private ByteString key;
  private long lot;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("chipledger-jmh-");
    cast = EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"));
    Founding.found(cast, Founding.policy());
    fab = cast.as("fab-us");
    key = ByteString.copyFrom(new ChipKeys().generate().getPublic().getEncoded());
  }

  @Benchmark
  public Object registerOneChip() {
    long n = ++lot;
    return fab.registerChips(
        RegisterChipsRequest.newBuilder()
            .setLotId("JMH-L" + n)
            .addChips(
                ChipSpec.newBuilder()
                    .setSerial(String.format("JMH-%08d", n))
                    .setModel("B200")
                    .setTpp(36_000)
                    .setPublicKey(key)
                    .setFirmwareVersion("fw-2.4.1"))
            .build());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cast.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
