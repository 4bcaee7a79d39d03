package org.chipledger.app.bench;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;
import org.chipledger.client.accounting.MaterialBalances;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.MaterialBalanceReport;

/**
 * Times the material balance report over a fleet of N chips on a new ledger of either backend: the
 * fleet is registered, transferred to a datacenter and half deployed, then the whole history is
 * replayed and cross-checked with the world state.
 */
public record AccountingBenchmark(Cast cast, int chips, LongConsumer progress) {
  public List<LedgerBenchmark.Figure> run() {
    Founding.found(cast, Founding.policy());
    LedgerClient operator = cast.as("dc-us");
    long start = System.nanoTime();
    Fleet.deploy(
        cast.as("fab-us"),
        operator,
        "dc-us",
        "site-acct",
        "US",
        "SN-A",
        5,
        chips / 2,
        chips - chips / 2,
        progress);
    double buildSeconds = (System.nanoTime() - start) / 1e9;
    LedgerClient treaty = cast.as(Cast.ADMIN.orgId());
    Instant now = Instant.now();
    long reportStart = System.nanoTime();
    MaterialBalanceReport report =
        MaterialBalances.report(
            treaty,
            Timestamp.getDefaultInstance(),
            timestamp(now.plusSeconds(1)),
            timestamp(now),
            "");
    double reportMillis = (System.nanoTime() - reportStart) / 1e6;
    if (!report.getAnomaliesList().isEmpty() || report.getCountries(0).getClosing() != chips) {
      throw new IllegalStateException("the fleet does not balance: " + report);
    }
    String fleet =
        String.format(
            "%,d chips, %,d events in %,d blocks", chips, report.getEvents(), treaty.chainHeight());
    return List.of(
        new LedgerBenchmark.Figure("fleet setup", buildSeconds, "s", fleet),
        new LedgerBenchmark.Figure(
            "material balance report", reportMillis, "ms", fleet + ", cross-checked with state"));
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
