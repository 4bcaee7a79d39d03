package org.chipledger.app.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chipledger.app.output.Output;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CustodyCounts;
import org.chipledger.proto.ledger.v1.ProductionReport;
import org.chipledger.proto.ledger.v1.StatusCount;
import org.chipledger.proto.ledger.v1.UnaccountedCategory;
import org.chipledger.proto.ledger.v1.UnaccountedReport;
import org.chipledger.proto.ledger.v1.UnaccountedSummary;

/** Renders the accounting reports as tables; shared by {@code query} and {@code demo}. */
public final class Reports {
  private Reports() {}

  /** One row per country, one column per status that occurs anywhere, and a total. */
  public static void custody(Output out, CustodyCounts counts) {
    List<ChipStatus> statuses =
        counts.getCountsList().stream().map(StatusCount::getStatus).distinct().sorted().toList();
    Map<String, Map<ChipStatus, Long>> byCountry = new TreeMap<>();
    for (StatusCount c : counts.getCountsList()) {
      byCountry
          .computeIfAbsent(c.getCountry(), k -> new LinkedHashMap<>())
          .put(c.getStatus(), c.getCount());
    }
    List<String> headers = new ArrayList<>(List.of("country"));
    statuses.forEach(s -> headers.add(StatusNames.of(s)));
    headers.add("total");
    List<List<String>> rows = new ArrayList<>();
    byCountry.forEach(
        (country, n) -> {
          List<String> row = new ArrayList<>(List.of(country));
          statuses.forEach(s -> row.add(String.format("%,d", n.getOrDefault(s, 0L))));
          row.add(String.format("%,d", n.values().stream().mapToLong(Long::longValue).sum()));
          rows.add(row);
        });
    List<String> total = new ArrayList<>(List.of("all"));
    statuses.forEach(
        s ->
            total.add(
                String.format(
                    "%,d",
                    counts.getCountsList().stream()
                        .filter(c -> c.getStatus() == s)
                        .mapToLong(StatusCount::getCount)
                        .sum())));
    total.add(String.format("%,d", counts.getTotal()));
    rows.add(total);
    out.table(counts, headers, rows);
  }

  public static void unaccounted(Output out, UnaccountedReport report) {
    List<List<String>> rows = new ArrayList<>();
    for (UnaccountedSummary s : report.getSummaryList()) {
      rows.add(
          List.of(
              s.getCountry(),
              category(s.getCategory().name()),
              String.format("%,d", s.getCount())));
    }
    rows.add(List.of("all", "", String.format("%,d", report.getTotal())));
    out.table(report, List.of("country", "category", "chips"), rows);
  }

  /** Lists at most {@code perCategory} chips of each category, so every kind of loss shows. */
  public static void unaccountedChips(Output out, UnaccountedReport report, int perCategory) {
    Map<UnaccountedCategory, Integer> shown = new java.util.EnumMap<>(UnaccountedCategory.class);
    List<List<String>> rows = new ArrayList<>();
    report.getChipsList().stream()
        .filter(c -> shown.merge(c.getCategory(), 1, Integer::sum) <= perCategory)
        .forEach(
            c ->
                rows.add(
                    List.of(
                        c.getSerial(),
                        category(c.getCategory().name()),
                        c.getHolderOrg(),
                        c.getCountry(),
                        Instant.ofEpochSecond(c.getSince().getSeconds()).toString(),
                        c.getTransferId().isEmpty() ? c.getReason() : c.getTransferId())));
    out.table(List.of("serial", "category", "holder", "country", "since", "transfer/reason"), rows);
    if (report.getChipsCount() > rows.size()) {
      out.line(String.format("… and %,d more", report.getChipsCount() - rows.size()));
    }
  }

  public static void production(Output out, ProductionReport report) {
    List<List<String>> rows = new ArrayList<>();
    report
        .getFabsList()
        .forEach(
            f ->
                rows.add(
                    List.of(
                        f.getFabOrg(),
                        String.format("%,d", f.getLots()),
                        String.format("%,d", f.getChips()),
                        String.format("%,d", f.getControlled()))));
    out.table(report, List.of("fab", "lots", "chips", "controlled"), rows);
  }

  public static List<List<String>> chipRows(List<Chip> chips) {
    List<List<String>> rows = new ArrayList<>();
    for (Chip c : chips) {
      rows.add(
          List.of(
              c.getSerial(),
              c.getModel(),
              c.getControlled() ? "yes" : "no",
              c.getHolderOrg(),
              StatusNames.of(c.getStatus()),
              c.getCountry(),
              c.getSiteId()));
    }
    return rows;
  }

  public static final List<String> CHIP_HEADERS =
      List.of("serial", "model", "controlled", "holder", "status", "country", "site");

  private static String category(String name) {
    return name.replace("UNACCOUNTED_CATEGORY_", "").toLowerCase(java.util.Locale.ROOT);
  }
}
