package org.chipledger.chaincode.accounting;

import com.google.protobuf.Timestamp;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.proto.ledger.v1.ChipMove;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CountryBalance;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.LocationDecided;
import org.chipledger.proto.ledger.v1.MaterialBalanceReport;
import org.chipledger.proto.ledger.v1.TransferChanged;
import org.chipledger.proto.ledger.v1.TransferStatus;

/**
 * The material balance per country over a period, folded from the ledger's events in chain order:
 * {@code closing = opening + registered + imported - exported - destroyed}, plus the chips
 * unaccounted for at the period's end. Pure: both ledger backends feed it the same events.
 *
 * <p>It keeps two independent tallies from each event's chip moves: chips per (country, status) at
 * the period's start and end, and the flows within the period. The identity then checks that every
 * move was classified; a negative cell means the events it was fed do not start at the beginning of
 * the ledger or miss some.
 */
public final class MaterialBalance {
  private static final long SECONDS_PER_DAY = 86_400;

  private final Timestamp from;
  private final Timestamp to;
  private final long maxTransitSeconds;
  private final Map<String, Map<ChipStatus, Long>> opening = new TreeMap<>();
  private final Map<String, Map<ChipStatus, Long>> closing = new TreeMap<>();
  private final Map<String, long[]> flows = new TreeMap<>();
  private final Map<String, Shipment> inTransit = new HashMap<>();
  private final Map<String, Timestamp> exportCleared = new HashMap<>();
  private final Set<String> anomalies = new TreeSet<>();

  /** Serial to ledger country of every chip whose last location decision was a mismatch. */
  private final Map<String, String> mismatched = new TreeMap<>();

  private long events;

  private static final int REGISTERED = 0;
  private static final int IMPORTED = 1;
  private static final int EXPORTED = 2;
  private static final int DESTROYED = 3;

  /** A shipment in transit: its chips' country and count, and when export was cleared. */
  private record Shipment(String country, long chips, Timestamp cleared) {}

  /**
   * A balance over {@code [from, to)}; shipments in transit longer than {@code maxTransitDays} at
   * {@code to} count as overdue (the policy's rule, as in the unaccounted report).
   */
  public MaterialBalance(Timestamp from, Timestamp to, long maxTransitDays) {
    if (Times.compare(from, to) > 0) {
      throw new IllegalArgumentException("the period ends before it starts");
    }
    this.from = from;
    this.to = to;
    this.maxTransitSeconds = maxTransitDays * SECONDS_PER_DAY;
  }

  /** Folds the next event in chain order; events at or after the period's end change nothing. */
  public void accept(LedgerEvent event) {
    events++;
    Timestamp at = event.getTimestamp();
    if (Times.compare(at, to) >= 0) {
      return;
    }
    boolean before = Times.compare(at, from) < 0;
    for (ChipMove move : event.getChipMovesList()) {
      apply(closing, move);
      if (before) {
        apply(opening, move);
      } else {
        classify(move);
      }
    }
    if (event.hasTransferChanged()) {
      track(event.getTransferChanged(), event);
    }
    if (event.hasLocationDecided()) {
      locate(event.getLocationDecided());
    }
    boolean movesExpected =
        (event.hasChipsRegistered() && event.getChipsRegistered().getCount() > 0)
            || (event.hasChipsStatusChanged()
                && event.getChipsStatusChanged().getSerialsCount() > 0);
    if (movesExpected && event.getChipMovesCount() == 0) {
      anomalies.add(
          "events without chip moves (written by an older chaincode) are not in the balance,"
              + " first: transaction "
              + event.getTxId());
    }
  }

  /** The report for one country, or for every country if {@code country} is empty. */
  public MaterialBalanceReport report(String country) {
    Set<String> countries = new TreeSet<>(closing.keySet());
    countries.addAll(flows.keySet());
    MaterialBalanceReport.Builder report =
        MaterialBalanceReport.newBuilder().setPeriodStart(from).setPeriodEnd(to).setEvents(events);
    Map<String, Long> overdue = new TreeMap<>();
    for (Shipment shipment : inTransit.values()) {
      if (Times.compare(Times.plusSeconds(shipment.cleared(), maxTransitSeconds), to) < 0) {
        overdue.merge(shipment.country(), shipment.chips(), Long::sum);
      }
    }
    for (String c : countries) {
      if (!country.isEmpty() && !country.equals(c)) {
        continue;
      }
      CountryBalance balance = balance(c, overdue.getOrDefault(c, 0L));
      report.addCountries(balance);
      if (balance.getImbalance() != 0) {
        anomalies.add(c + ": closing differs from the book by " + balance.getImbalance());
      }
    }
    negativeCells(country);
    return report.addAllAnomalies(anomalies).build();
  }

  private CountryBalance balance(String country, long overdue) {
    long[] flow = flows.getOrDefault(country, new long[4]);
    Map<ChipStatus, Long> end = closing.getOrDefault(country, Map.of());
    long open = inventory(opening.getOrDefault(country, Map.of()));
    long close = inventory(end);
    long book = open + flow[REGISTERED] + flow[IMPORTED] - flow[EXPORTED] - flow[DESTROYED];
    long lost = end.getOrDefault(ChipStatus.CHIP_STATUS_LOST, 0L);
    long stolen = end.getOrDefault(ChipStatus.CHIP_STATUS_STOLEN, 0L);
    long missing = end.getOrDefault(ChipStatus.CHIP_STATUS_MISSING, 0L);
    long seized = end.getOrDefault(ChipStatus.CHIP_STATUS_SEIZED, 0L);
    long elsewhere = mismatched.values().stream().filter(country::equals).count();
    return CountryBalance.newBuilder()
        .setCountry(country)
        .setOpening(open)
        .setRegistered(flow[REGISTERED])
        .setImported(flow[IMPORTED])
        .setExported(flow[EXPORTED])
        .setDestroyed(flow[DESTROYED])
        .setClosing(close)
        .setImbalance(close - book)
        .setInTransit(end.getOrDefault(ChipStatus.CHIP_STATUS_IN_TRANSIT, 0L))
        .setLost(lost)
        .setStolen(stolen)
        .setMissing(missing)
        .setSeized(seized)
        .setOverdueInTransit(overdue)
        .setLocationMismatch(elsewhere)
        .setUnaccounted(lost + stolen + missing + seized + overdue + elsewhere)
        .build();
  }

  /**
   * A mismatch marks the chip until a consistent decision clears it, as the unaccounted report's
   * marks do; an unverified decision changes nothing.
   */
  private void locate(LocationDecided decided) {
    switch (decided.getVerdict()) {
      case LOCATION_VERDICT_LOCATION_MISMATCH ->
          mismatched.put(decided.getSerial(), decided.getCountry());
      case LOCATION_VERDICT_CONSISTENT -> mismatched.remove(decided.getSerial());
      default -> {}
    }
  }

  /** Book inventory: every chip still in existence, whatever its status. */
  private static long inventory(Map<ChipStatus, Long> cells) {
    long total = 0;
    for (Map.Entry<ChipStatus, Long> cell : cells.entrySet()) {
      if (cell.getKey() != ChipStatus.CHIP_STATUS_DESTROYED) {
        total += cell.getValue();
      }
    }
    return total;
  }

  private static void apply(Map<String, Map<ChipStatus, Long>> cells, ChipMove move) {
    if (!isRegistration(move)) {
      cells
          .computeIfAbsent(move.getFromCountry(), c -> new EnumMap<>(ChipStatus.class))
          .merge(move.getFromStatus(), -(long) move.getCount(), Long::sum);
    }
    cells
        .computeIfAbsent(move.getToCountry(), c -> new EnumMap<>(ChipStatus.class))
        .merge(move.getToStatus(), (long) move.getCount(), Long::sum);
  }

  private void classify(ChipMove move) {
    long n = move.getCount();
    if (isRegistration(move)) {
      flow(move.getToCountry())[REGISTERED] += n;
    } else if (!move.getFromCountry().equals(move.getToCountry())) {
      flow(move.getFromCountry())[EXPORTED] += n;
      flow(move.getToCountry())[IMPORTED] += n;
    }
    if (move.getToStatus() == ChipStatus.CHIP_STATUS_DESTROYED
        && move.getFromStatus() != ChipStatus.CHIP_STATUS_DESTROYED) {
      flow(move.getToCountry())[DESTROYED] += n;
    }
  }

  private static boolean isRegistration(ChipMove move) {
    return move.getFromStatus() == ChipStatus.CHIP_STATUS_UNSPECIFIED;
  }

  private long[] flow(String country) {
    return flows.computeIfAbsent(country, c -> new long[4]);
  }

  /** Shipments in transit: from export clearance until entry, seizure or a hold. */
  private void track(TransferChanged change, LedgerEvent event) {
    String id = change.getTransferId();
    if (change.getStatus() != TransferStatus.TRANSFER_STATUS_IN_TRANSIT) {
      inTransit.remove(id);
      return;
    }
    Timestamp cleared = exportCleared.computeIfAbsent(id, k -> event.getTimestamp());
    String country = event.getChipMovesCount() > 0 ? event.getChipMoves(0).getToCountry() : "";
    inTransit.put(id, new Shipment(country, change.getChipCount(), cleared));
  }

  private void negativeCells(String country) {
    closing.forEach(
        (c, cells) ->
            cells.forEach(
                (status, n) -> {
                  if (n < 0 && (country.isEmpty() || country.equals(c))) {
                    anomalies.add(
                        String.format(
                            "%s: %d chips left %s that the events never put there",
                            c, -n, StatusNames.of(status)));
                  }
                }));
  }
}
