package org.chipledger.app.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.chipledger.client.embedded.BlockCommitment;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.embedded.RebuildReport;
import org.chipledger.client.embedded.VerifyReport;

/**
 * What the state commitment costs: the same registration and transfer load on a ledger without it
 * and one with it (write-set hash, state digest, signed header), in one run, then the time of
 * {@code admin verify} and {@code admin rebuild-state} on the committed ledger.
 */
record StateCommitmentBenchmark(
    Path dir, int chips, int transfers, int threads, LongConsumer progress) {
  List<LedgerBenchmark.Figure> run() throws Exception {
    List<LedgerBenchmark.Figure> figures = new ArrayList<>();
    // A tenth of the load first, figures discarded, so that neither variant pays the JIT warm-up.
    new LedgerBenchmark(
            dir.resolve("warm-up"),
            Math.max(chips / 10, 2000),
            transfers / 10,
            threads,
            n -> {},
            BlockCommitment.NONE)
        .runWrites();
    List<LedgerBenchmark.Figure> without = List.of();
    for (BlockCommitment commitment : List.of(BlockCommitment.NONE, BlockCommitment.SIGNED_STATE)) {
      String label = commitment == BlockCommitment.NONE ? "without" : "with";
      List<LedgerBenchmark.Figure> measured =
          new LedgerBenchmark(dir.resolve(label), chips, transfers, threads, progress, commitment)
              .runWrites();
      for (LedgerBenchmark.Figure f : measured) {
        figures.add(
            new LedgerBenchmark.Figure(
                f.name() + ", " + label + " state commitment", f.value(), f.unit(), f.note()));
      }
      if (commitment == BlockCommitment.NONE) {
        without = measured;
      } else {
        figures.addAll(ratios(without, measured));
      }
    }
    Path ledger = dir.resolve("with").resolve("ledger");
    long start = System.nanoTime();
    VerifyReport verified = EmbeddedLedger.verify(ledger, null);
    double verifySeconds = (System.nanoTime() - start) / 1e9;
    if (!verified.ok()) {
      throw new IllegalStateException(
          "the benchmark ledger does not verify: " + verified.problem());
    }
    figures.add(
        new LedgerBenchmark.Figure(
            "admin verify",
            verifySeconds,
            "s",
            String.format(
                "%,d blocks, %,d transactions, %,d chips: log, signatures, state rebuilt and compared",
                verified.blocks(), verified.transactions(), chips)));
    start = System.nanoTime();
    RebuildReport rebuilt = EmbeddedLedger.rebuildState(ledger);
    double rebuildSeconds = (System.nanoTime() - start) / 1e9;
    figures.add(
        new LedgerBenchmark.Figure(
            "admin rebuild-state",
            rebuildSeconds,
            "s",
            String.format(
                "%,d blocks, %,d transactions, %,d chips: log verified and replayed into a new store",
                rebuilt.blocks(), rebuilt.transactions(), chips)));
    return figures;
  }

  /** Each rate with the commitment over the same rate without it, from this one run. */
  private static List<LedgerBenchmark.Figure> ratios(
      List<LedgerBenchmark.Figure> without, List<LedgerBenchmark.Figure> with) {
    List<LedgerBenchmark.Figure> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(without.size(), with.size()); i++) {
      LedgerBenchmark.Figure before = without.get(i);
      ratios.add(
          new LedgerBenchmark.Figure(
              before.name() + ", with / without",
              with.get(i).value() / before.value(),
              "ratio",
              "same run, same load; below 1 is what the commitment costs"));
    }
    return ratios;
  }
}
