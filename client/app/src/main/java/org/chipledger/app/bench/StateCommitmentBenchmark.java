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
    // Without, with, with, without: whichever variant runs later gains from a warmer JIT and
    // file-system cache, and this order gives both variants the same mean position.
    List<BlockCommitment> order =
        List.of(
            BlockCommitment.NONE,
            BlockCommitment.SIGNED_STATE,
            BlockCommitment.SIGNED_STATE,
            BlockCommitment.NONE);
    List<List<LedgerBenchmark.Figure>> without = new ArrayList<>();
    List<List<LedgerBenchmark.Figure>> with = new ArrayList<>();
    for (int run = 0; run < order.size(); run++) {
      BlockCommitment commitment = order.get(run);
      String label = commitment == BlockCommitment.NONE ? "without" : "with";
      List<LedgerBenchmark.Figure> measured =
          new LedgerBenchmark(
                  dir.resolve(label + "-" + run), chips, transfers, threads, progress, commitment)
              .runWrites();
      for (LedgerBenchmark.Figure f : measured) {
        figures.add(
            new LedgerBenchmark.Figure(
                f.name() + ", run " + (run + 1) + ", " + label + " state commitment",
                f.value(),
                f.unit(),
                f.note()));
      }
      (commitment == BlockCommitment.NONE ? without : with).add(measured);
    }
    figures.addAll(ratios(without, with));
    Path ledger = dir.resolve("with-2").resolve("ledger");
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

  /** Each rate's mean with the commitment over its mean without it, from this one run. */
  private static List<LedgerBenchmark.Figure> ratios(
      List<List<LedgerBenchmark.Figure>> without, List<List<LedgerBenchmark.Figure>> with) {
    List<LedgerBenchmark.Figure> ratios = new ArrayList<>();
    for (int i = 0; i < without.get(0).size(); i++) {
      ratios.add(
          new LedgerBenchmark.Figure(
              without.get(0).get(i).name() + ", with / without",
              mean(with, i) / mean(without, i),
              "ratio",
              "means of two runs each, in the order without, with, with, without; below 1 is"
                  + " what the commitment costs"));
    }
    return ratios;
  }

  private static double mean(List<List<LedgerBenchmark.Figure>> runs, int index) {
    return runs.stream().mapToDouble(r -> r.get(index).value()).average().orElseThrow();
  }
}
