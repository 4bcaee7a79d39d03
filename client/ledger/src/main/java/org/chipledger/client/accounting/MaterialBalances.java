package org.chipledger.client.accounting;

import com.google.protobuf.Timestamp;
import java.util.Map;
import java.util.TreeMap;
import org.chipledger.chaincode.accounting.MaterialBalance;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CountryBalance;
import org.chipledger.proto.ledger.v1.CustodyCounts;
import org.chipledger.proto.ledger.v1.MaterialBalanceReport;
import org.chipledger.proto.ledger.v1.StatusCount;

/**
 * The material balance report of a ledger, on either backend: its committed events, replayed in
 * chain order up to the chain's height through the chaincode's {@link MaterialBalance} rule, and,
 * when the period reaches the present, the closing stock checked against the chips in the world
 * state at that same height.
 */
public final class MaterialBalances {
  // Tries at reading the world state between two equal chain heights while others commit.
  private static final int SNAPSHOT_ATTEMPTS = 5;

  private MaterialBalances() {}

  /**
   * The balance over {@code [from, to)} for {@code country}, or every country if it is empty.
   *
   * @param now the time the world state is read at; the cross-check runs when {@code to > now}
   */
  public static MaterialBalanceReport report(
      LedgerClient client, Timestamp from, Timestamp to, Timestamp now, String country) {
    if (Times.compare(from, to) > 0) {
      throw new LedgerException(ErrorCode.INVALID_PERIOD, "the period ends before it starts");
    }
    MaterialBalance fold = new MaterialBalance(from, to, client.policy().getMaxTransitDays());
    if (Times.compare(to, now) <= 0) {
      client.replayEvents(client.chainHeight(), fold::accept);
      return fold.report(country);
    }
    Snapshot state = snapshot(client);
    client.replayEvents(state.height(), fold::accept);
    return crossCheck(fold.report(country), state.counts(), country);
  }

  /** The world state's counts and the height of the chain that made them. */
  private record Snapshot(long height, CustodyCounts counts) {}

  /**
   * Reads the counts between two reads of the height, so that the events replayed are exactly the
   * ones the counts include even while other clients commit.
   */
  private static Snapshot snapshot(LedgerClient client) {
    long height = client.chainHeight();
    for (int attempt = 1; ; attempt++) {
      CustodyCounts counts = client.custodyCounts();
      long after = client.chainHeight();
      if (after == height) {
        return new Snapshot(height, counts);
      }
      if (attempt == SNAPSHOT_ATTEMPTS) {
        throw new LedgerException(
            ErrorCode.LEDGER_UNAVAILABLE,
            "the chain grew during each of "
                + SNAPSHOT_ATTEMPTS
                + " reads of the world state; report a period that ends before now, or retry");
      }
      height = after;
    }
  }

  /** Adds an anomaly for every country whose closing stock differs from the world state's. */
  private static MaterialBalanceReport crossCheck(
      MaterialBalanceReport report, CustodyCounts counts, String country) {
    Map<String, Long> stock = new TreeMap<>();
    for (StatusCount count : counts.getCountsList()) {
      if (count.getStatus() != ChipStatus.CHIP_STATUS_DESTROYED
          && (country.isEmpty() || country.equals(count.getCountry()))) {
        stock.merge(count.getCountry(), count.getCount(), Long::sum);
      }
    }
    MaterialBalanceReport.Builder checked = report.toBuilder();
    for (CountryBalance balance : report.getCountriesList()) {
      long held = stock.getOrDefault(balance.getCountry(), 0L);
      stock.remove(balance.getCountry());
      if (held != balance.getClosing()) {
        checked.addAnomalies(
            String.format(
                "%s: the world state holds %,d chips, the events close with %,d",
                balance.getCountry(), held, balance.getClosing()));
      }
    }
    stock.forEach(
        (c, held) ->
            checked.addAnomalies(
                String.format(
                    "%s: the world state holds %,d chips no event accounts for", c, held)));
    return checked.build();
  }
}
