package org.chipledger.client.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.chipledger.client.bench.LedgerBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measures the embedded ledger: registration, transfers and queries, durable and signed. */
@Command(name = "bench", description = "Benchmark the embedded ledger on a fresh data directory.")
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
}
