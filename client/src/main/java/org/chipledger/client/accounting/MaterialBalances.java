package org.chipledger.client.accounting;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.util.Map;
import java.util.TreeMap;
import org.chipledger.chaincode.accounting.MaterialBalance;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.client.embedded.CommittedEvent;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CountryBalance;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.MaterialBalanceReport;
import org.chipledger.proto.ledger.v1.StatusCount;

/**
 * The material balance report of a ledger: its committed events, replayed in chain order through
 * the chaincode's {@link MaterialBalance} rule, and, when the period reaches the present, the
 * closing stock checked against the chips in the world state.
 */
public final class MaterialBalances {
  private MaterialBalances() {}

  /**
   * The balance over {@code [from, to)} for {@code country}, or every country if it is empty.
   *
   * @param now the time the world state is read at; the cross-check runs when {@code to > now}
   */
  public static MaterialBalanceReport report(
      EmbeddedLedger ledger,
      LedgerClient client,
      Timestamp from,
      Timestamp to,
      Timestamp now,
      String country) {
    if (Times.compare(from, to) > 0) {
      throw new LedgerException(ErrorCode.INVALID_PERIOD, "the period ends before it starts");
    }
    MaterialBalance fold = new MaterialBalance(from, to, client.policy().getMaxTransitDays());
    for (CommittedEvent committed : ledger.events(0, Integer.MAX_VALUE)) {
      fold.accept(parse(committed));
    }
    MaterialBalanceReport report = fold.report(country);
    if (Times.compare(to, now) <= 0) {
      return report;
    }
    return crossCheck(report, client, country);
  }

  /** Adds an anomaly for every country whose closing stock differs from the world state's. */
  private static MaterialBalanceReport crossCheck(
      MaterialBalanceReport report, LedgerClient client, String country) {
    Map<String, Long> stock = new TreeMap<>();
    for (StatusCount count : client.custodyCounts().getCountsList()) {
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

  private static LedgerEvent parse(CommittedEvent committed) {
    try {
      return LedgerEvent.parseFrom(committed.payload());
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(
          ErrorCode.INTERNAL,
          "unreadable event " + committed.name() + " in block " + committed.block(),
          e);
    }
  }
}
