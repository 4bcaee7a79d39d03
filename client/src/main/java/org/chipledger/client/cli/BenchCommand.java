package org.chipledger.client.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.chipledger.client.bench.LedgerBenchmark;
import org.chipledger.client.demo.FabricCast;
import org.chipledger.client.fabric.FabricBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the embedded ledger (registration, transfers and queries, durable and signed) or, with
 * {@code --ledger fabric}, transfers against a no-op on the running network.
 */
@Command(
    name = "bench",
    description =
        "Benchmark the embedded ledger on a fresh data directory, or with --ledger fabric the"
            + " running network (transfers and a no-op at 1, 10 and 50 clients).")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--chips", defaultValue = "100000")
  int chips;

  @Option(names = "--transfers", defaultValue = "100000")
  int transfers;

  @Option(
      names = "--threads",
      defaultValue = "64",
      description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--bench-dir",
      defaultValue = ".chipledger/bench",
      description = "Recreated on every run.")
  Path benchDir;

  @Override
  public Integer call() throws Exception {
    GlobalOptions options = GlobalOptions.of(spec);
    Output out = options.output(spec);
    DataDirs.recreate(benchDir);
    if (options.ledger == GlobalOptions.Backend.FABRIC) {
      return fabric(options, out);
    }
    Progress progress = new Progress("chips, then transfers", (long) chips + 2L * transfers);
    List<LedgerBenchmark.Figure> figures =
        new LedgerBenchmark(benchDir, chips, transfers, threads, progress::update).run();
    List<List<String>> rows = new ArrayList<>();
    for (LedgerBenchmark.Figure f : figures) {
      rows.add(List.of(f.name(), String.format("%,.1f", f.value()), f.unit(), f.note()));
    }
    out.table(List.of("measure", "value", "unit", "conditions"), rows);
    return 0;
  }

  private int fabric(GlobalOptions options, Output out) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (FabricCast cast =
        FabricCast.create(Session.network(options), benchDir.resolve("identities"))) {
      for (FabricBenchmark.Result r : new FabricBenchmark(cast).run()) {
        rows.add(
            List.of(
                r.workload(),
                String.valueOf(r.clients()),
                String.valueOf(r.operations()),
                String.valueOf(r.failures()),
                String.format("%,.1f", r.txPerSecond()),
                String.valueOf(r.p50().toMillis()),
                String.valueOf(r.p99().toMillis())));
      }
    }
    out.table(List.of("workload", "clients", "ops", "failed", "tx/s", "p50 ms", "p99 ms"), rows);
    return 0;
  }
}
