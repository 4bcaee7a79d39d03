package org.chipledger.app.bench;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.chipledger.chaincode.ledger.ContractFunctions.PolicyFunctions;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.fabric.FabricLedger;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;

/**
 * Measures a running Fabric network at 1, 10 and 50 concurrent clients: single-chip domestic
 * transfers (propose by the fab, accept by the datacenter: two transactions) against a no-op
 * transaction of the same chaincode ({@code policy:GetPolicy} submitted: endorsed, ordered and
 * validated, but it writes nothing). Bootstraps the ledger first if it is fresh.
 *
 * <p>Usage: {@code FabricBenchmark [gateway.properties]}.
 */
public final class FabricBenchmark {
  private static final int[] CLIENTS = {1, 10, 50};
  private static final int LOT = 1000;
  // Read-only, so it conflicts with nothing and measures Fabric's own cost per transaction.
  private static final String NO_OP = PolicyFunctions.GET_POLICY;

  /** One workload at one concurrency. */
  public record Result(
      String workload,
      int clients,
      int operations,
      int failures,
      double seconds,
      Duration p50,
      Duration p99,
      int txPerOperation) {

    public double txPerSecond() {
      return operations * txPerOperation / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%-9s clients=%2d ops=%4d failed=%d  %6.1f tx/s  p50=%5d ms  p99=%5d ms  (%.1f s)",
          workload,
          clients,
          operations,
          failures,
          txPerSecond(),
          p50.toMillis(),
          p99.toMillis(),
          seconds);
    }
  }

  /** One measured operation: the i-th of its run. */
  private interface Operation {
    void run(int i);
  }

  private final FabricCast cast;
  private final String tag = Long.toString(System.currentTimeMillis(), 36);
  private final ChipKeys chipKeys = new ChipKeys();

  public FabricBenchmark(FabricCast cast) {
    this.cast = cast;
  }

  public static void main(String[] args) throws Exception {
    Path gateway =
        Path.of(args.length > 0 ? args[0] : "network-config/run/connection/gateway.properties");
    Path identities = Files.createTempDirectory("chipledger-bench-identities");
    try (FabricCast cast = FabricCast.create(FabricNetwork.open(gateway), identities)) {
      for (Result result : new FabricBenchmark(cast).run()) {
        System.out.println(result);
      }
    }
  }

  public List<Result> run() throws Exception {
    bootstrapIfFresh();
    int chips = 0;
    for (int clients : CLIENTS) {
      chips += operations(clients);
    }
    List<String> serials = register(chips);
    int used = 0;
    List<Result> results = new ArrayList<>();
    try (FabricLedger fab = cast.network().connect(cast.identity("fab-us"))) {
      for (int clients : CLIENTS) {
        int base = used;
        used += operations(clients);
        results.add(
            measure("transfer", clients, 2, i -> transfer(serials.get(base + i), base + i)));
        results.add(measure("no-op", clients, 1, i -> fab.submit(NO_OP, List.of())));
      }
    }
    return results;
  }

  /** Enough operations per level for a stable p99 without taking long on a slow host. */
  private static int operations(int clients) {
    return Math.max(50, 10 * clients);
  }

  private void bootstrapIfFresh() {
    try {
      cast.as("inspectorate").policy();
    } catch (LedgerException e) {
      if (e.code() != ErrorCode.POLICY_NOT_SET && e.code() != ErrorCode.UNKNOWN_ORGANIZATION) {
        throw e;
      }
      Founding.found(cast, Founding.policy());
    }
  }

  private List<String> register(int count) {
    List<String> serials = new ArrayList<>();
    for (int lot = 0; lot * LOT < count; lot++) {
      RegisterChipsRequest.Builder request =
          RegisterChipsRequest.newBuilder().setLotId("bench-" + tag + "-" + lot);
      for (int i = 0; i < LOT; i++) {
        String serial = String.format(Locale.ROOT, "B%s-%06d", tag, lot * LOT + i);
        serials.add(serial);
        request.addChips(
            ChipSpec.newBuilder()
                .setSerial(serial)
                .setModel("B200")
                .setTpp(36_000)
                .setPublicKey(ByteString.copyFrom(chipKeys.generate().getPublic().getEncoded()))
                .setFirmwareVersion("fw-2.4.1"));
      }
      cast.as("fab-us").registerChips(request.build());
    }
    return serials;
  }

  private void transfer(String serial, int i) {
    String id = "BT" + tag + "-" + i;
    cast.as("fab-us")
        .proposeTransfer(
            ProposeTransferRequest.newBuilder()
                .setTransferId(id)
                .addSerials(serial)
                .setToOrg("dc-us")
                .build());
    cast.as("dc-us").acceptTransfer(id);
  }

  private static Result measure(String workload, int clients, int txPerOperation, Operation op)
      throws Exception {
    int operations = operations(clients);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                      op.run(i);
                      latencies.add(System.nanoTime() - t0);
                    } catch (LedgerException e) {
                      failures.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Result(
        workload,
        clients,
        sorted.size(),
        failures.get(),
        seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        txPerOperation);
  }

  private static Duration percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return Duration.ofNanos(sorted.get(Math.max(0, index)));
  }
}
