package org.chipledger.app.query;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.app.session.Session;
import org.chipledger.client.accounting.MaterialBalances;
import org.chipledger.proto.ledger.v1.CountryBalance;
import org.chipledger.proto.ledger.v1.MaterialBalanceReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code query material-balance}: the IAEA-style balance per country over a period. */
@Command(
    name = "material-balance",
    description =
        "Material balance per country over a period, from the ledger's events: opening,"
            + " registered, imported, exported, destroyed, closing, and the chips unaccounted for.")
final class MaterialBalanceCommand extends ChipLedgerCommand {
  @Option(names = "--country", defaultValue = "", description = "One country (default: all).")
  String country;

  @Option(
      names = "--from",
      converter = When.class,
      description = "Period start, a date (UTC midnight) or an instant (default: the beginning).")
  Instant from;

  @Option(
      names = "--to",
      converter = When.class,
      description = "Period end, exclusive (default: now).")
  Instant to;

  @Override
  public Integer call() {
    GlobalOptions options = options();
    Output out = output();
    Instant now = Instant.now();
    Instant end = to != null ? to : now.plusSeconds(1);
    try (Session session = Session.open(options)) {
      MaterialBalanceReport report =
          MaterialBalances.report(
              session.client(),
              timestamp(from != null ? from : Instant.EPOCH),
              timestamp(end),
              timestamp(now),
              country);
      print(out, report);
    }
    return 0;
  }

  static void print(Output out, MaterialBalanceReport report) {
    List<List<String>> rows = new ArrayList<>();
    for (CountryBalance c : report.getCountriesList()) {
      rows.add(
          List.of(
              c.getCountry(),
              n(c.getOpening()),
              n(c.getRegistered()),
              n(c.getImported()),
              n(c.getExported()),
              n(c.getDestroyed()),
              n(c.getClosing()),
              n(c.getImbalance()),
              n(c.getInTransit()),
              n(c.getLost()),
              n(c.getStolen()),
              n(c.getMissing()),
              n(c.getSeized()),
              n(c.getOverdueInTransit()),
              n(c.getUnaccounted())));
    }
    out.table(
        report,
        List.of(
            "country",
            "opening",
            "registered",
            "imported",
            "exported",
            "destroyed",
            "closing",
            "imbalance",
            "in transit",
            "lost",
            "stolen",
            "missing",
            "seized",
            "overdue",
            "unaccounted"),
        rows);
    if (out.json()) {
      return;
    }
    out.line(
        String.format(
            "period %s to %s; %,d events",
            instant(report.getPeriodStart()), instant(report.getPeriodEnd()), report.getEvents()));
    if (report.getAnomaliesList().isEmpty()) {
      out.line(
          "balanced: closing = opening + registered + imported - exported - destroyed in every"
              + " country");
    } else {
      report.getAnomaliesList().forEach(a -> out.line("IMBALANCE: " + a));
    }
  }

  private static String n(long value) {
    return String.format("%,d", value);
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** A date (midnight UTC) or an ISO-8601 instant. */
  static final class When implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notADate) {
        return Instant.parse(value);
      }
    }
  }
}
