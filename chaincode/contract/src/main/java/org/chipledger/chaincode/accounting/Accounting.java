package org.chipledger.chaincode.accounting;

import com.google.protobuf.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chipledger.chaincode.chip.ChipRegistry;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.custody.TransferStore;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ChipTallies;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.location.Locations;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CustodyCounts;
import org.chipledger.proto.ledger.v1.FabProduction;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.Lot;
import org.chipledger.proto.ledger.v1.ProductionReport;
import org.chipledger.proto.ledger.v1.StatusCount;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferStatus;
import org.chipledger.proto.ledger.v1.UnaccountedCategory;
import org.chipledger.proto.ledger.v1.UnaccountedChip;
import org.chipledger.proto.ledger.v1.UnaccountedReport;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;
import org.chipledger.proto.ledger.v1.UnaccountedSummary;

/**
 * Material accountancy for treaty parties: chips by country and status, production per fab, and the
 * chips unaccounted for (lost, stolen, seized, missing, overdue in transit, or placed elsewhere by
 * landmark attestations).
 */
public final class Accounting {
  private static final long SECONDS_PER_DAY = 86_400;

  private Accounting() {}

  /** Chips by country and status, from the running totals ({@link ChipTallies}). */
  public static CustodyCounts counts(LedgerState state) {
    Membership.requireMember(state);
    return build(ChipTallies.totals(state));
  }

  /** The same answer by scanning every chip: the independent check of the running totals. */
  public static CustodyCounts countsByScan(LedgerState state) {
    Membership.requireMember(state);
    Map<String, Map<ChipStatus, Long>> byCountry = new TreeMap<>();
    for (LedgerState.Entry entry : state.scanAll(ChipStore.BY_COUNTRY_STATUS_INDEX, List.of())) {
      List<String> attributes = CompositeKeys.attributes(entry.key());
      byCountry
          .computeIfAbsent(attributes.get(0), c -> new TreeMap<>())
          .merge(StatusNames.parse(attributes.get(1)), 1L, Long::sum);
    }
    return build(byCountry);
  }

  private static CustodyCounts build(Map<String, Map<ChipStatus, Long>> byCountry) {
    long total =
        byCountry.values().stream().flatMap(m -> m.values().stream()).mapToLong(n -> n).sum();
    CustodyCounts.Builder counts = CustodyCounts.newBuilder().setTotal(total);
    byCountry.forEach(
        (country, statuses) ->
            statuses.forEach(
                (status, n) ->
                    counts.addCounts(
                        StatusCount.newBuilder()
                            .setCountry(country)
                            .setStatus(status)
                            .setCount(n))));
    return counts.build();
  }

  public static ProductionReport production(LedgerState state) {
    Membership.requireMember(state);
    Map<String, FabProduction.Builder> fabs = new TreeMap<>();
    for (Lot lot : ChipRegistry.lots(state)) {
      FabProduction.Builder fab =
          fabs.computeIfAbsent(lot.getFabOrg(), f -> FabProduction.newBuilder().setFabOrg(f));
      fab.setChips(fab.getChips() + lot.getChipCount())
          .setControlled(fab.getControlled() + lot.getControlledCount())
          .setLots(fab.getLots() + 1);
    }
    ProductionReport.Builder report = ProductionReport.newBuilder();
    fabs.values().forEach(report::addFabs);
    return report.build();
  }

  /** Chips unaccounted for as of a time, optionally only those that became so since a time. */
  public static UnaccountedReport unaccounted(LedgerState state, UnaccountedRequest request) {
    Membership.requireMember(state);
    if (!request.getCountry().isEmpty()) {
      Checks.country("country", request.getCountry());
    }
    Timestamp asOf = request.hasAsOf() ? request.getAsOf() : state.txTime();
    UnaccountedReport.Builder report =
        UnaccountedReport.newBuilder().setAsOf(asOf).setPeriodStart(request.getPeriodStart());
    Map<String, Map<UnaccountedCategory, Long>> summary = new TreeMap<>();

    for (Map.Entry<ChipStatus, UnaccountedCategory> kind : CATEGORIES.entrySet()) {
      for (LedgerState.Entry entry :
          state.scanAll(ChipStore.BY_STATUS_INDEX, List.of(StatusNames.of(kind.getKey())))) {
        Chip chip = ChipStore.get(state, CompositeKeys.lastAttribute(entry.key()));
        add(report, summary, request, chip, kind.getValue(), chip.getStatusSince(), "");
      }
    }
    long maxTransit = Policies.current(state).getMaxTransitDays() * SECONDS_PER_DAY;
    for (Transfer transfer :
        TransferStore.withStatus(state, TransferStatus.TRANSFER_STATUS_IN_TRANSIT)) {
      Timestamp due = Times.plusSeconds(transfer.getExportClearedAt(), maxTransit);
      if (Times.compare(due, asOf) >= 0) {
        continue;
      }
      for (String serial : transfer.getSerialsList()) {
        Chip chip = ChipStore.get(state, serial);
        add(
            report,
            summary,
            request,
            chip,
            UnaccountedCategory.UNACCOUNTED_CATEGORY_OVERDUE_IN_TRANSIT,
            due,
            transfer.getTransferId());
      }
    }
    for (LocationDecision decision : Locations.mismatched(state)) {
      Chip chip = ChipStore.get(state, decision.getSerial());
      // A chip already lost, stolen, seized or missing is counted once, under that cause.
      if (!CATEGORIES.containsKey(chip.getStatus())
          && chip.getStatus() != ChipStatus.CHIP_STATUS_DESTROYED
          && Times.compare(decision.getDecidedAt(), asOf) <= 0) {
        add(
            report,
            summary,
            request,
            chip,
            UnaccountedCategory.UNACCOUNTED_CATEGORY_LOCATION_MISMATCH,
            decision.getDecidedAt(),
            "");
      }
    }
    summary.forEach(
        (country, categories) ->
            categories.forEach(
                (category, n) ->
                    report.addSummary(
                        UnaccountedSummary.newBuilder()
                            .setCountry(country)
                            .setCategory(category)
                            .setCount(n))));
    return report.setTotal(report.getChipsCount()).build();
  }

  private static final Map<ChipStatus, UnaccountedCategory> CATEGORIES =
      new TreeMap<>(
          Map.of(
              ChipStatus.CHIP_STATUS_LOST, UnaccountedCategory.UNACCOUNTED_CATEGORY_LOST,
              ChipStatus.CHIP_STATUS_STOLEN, UnaccountedCategory.UNACCOUNTED_CATEGORY_STOLEN,
              ChipStatus.CHIP_STATUS_SEIZED, UnaccountedCategory.UNACCOUNTED_CATEGORY_SEIZED,
              ChipStatus.CHIP_STATUS_MISSING, UnaccountedCategory.UNACCOUNTED_CATEGORY_UNKNOWN));

  private static void add(
      UnaccountedReport.Builder report,
      Map<String, Map<UnaccountedCategory, Long>> summary,
      UnaccountedRequest request,
      Chip chip,
      UnaccountedCategory category,
      Timestamp since,
      String transferId) {
    if (!request.getCountry().isEmpty() && !request.getCountry().equals(chip.getCountry())) {
      return;
    }
    if (request.hasPeriodStart() && Times.compare(since, request.getPeriodStart()) < 0) {
      return;
    }
    report.addChips(
        UnaccountedChip.newBuilder()
            .setSerial(chip.getSerial())
            .setHolderOrg(chip.getHolderOrg())
            .setCountry(chip.getCountry())
            .setCategory(category)
            .setSince(since)
            .setTransferId(transferId)
            .setReason(chip.getStatusReason()));
    summary.computeIfAbsent(chip.getCountry(), c -> new TreeMap<>()).merge(category, 1L, Long::sum);
  }
}
