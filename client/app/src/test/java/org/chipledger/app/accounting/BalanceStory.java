package org.chipledger.app.accounting;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.client.accounting.MaterialBalances;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.cast.Licensing;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.CustomsAction;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.ReportKind;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.CountryBalance;
import org.chipledger.proto.ledger.v1.MaterialBalanceReport;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;

/**
 * A fixed custody story for the material balance, played on any backend, and the three reports over
 * it. Before the period: 10 chips made in TW, 5 in US. In it: 4 more in TW; 6 shipped TW to US and
 * entered; 1 of them destroyed and 2 lost in US; 2 more cleared from TW towards NL and still in
 * transit.
 *
 * @param periodStart a time between the story's first part and its period
 * @param now a time after the whole story
 * @param period the balance over {@code [periodStart, now + 60 s)}, cross-checked with the state
 * @param history the balance from the beginning to the same end, cross-checked too
 * @param early TW's balance from the beginning to {@code periodStart}
 */
record BalanceStory(
    Timestamp periodStart,
    Timestamp now,
    MaterialBalanceReport period,
    MaterialBalanceReport history,
    MaterialBalanceReport early) {

  /** Founds the consortium, plays the story and draws the reports as the treaty secretariat. */
  static BalanceStory play(Cast cast) {
    Founding.found(cast, Founding.policy());
    LedgerClient fabTw = cast.as("fab-tw");
    LedgerClient dcUs = cast.as("dc-us");
    List<String> tw = register(fabTw, "TW", 0, 10);
    register(cast.as("fab-us"), "US", 0, 5);
    Timestamp periodStart = afterNow();
    tw.addAll(register(fabTw, "TW", 10, 4));
    ship(cast, "T-US", tw.subList(0, 6), "dc-us", "customs-us", true);
    dcUs.report(ReportKind.DESTROYED, report(tw.subList(0, 1)));
    dcUs.report(ReportKind.LOST, report(tw.subList(1, 3)));
    ship(cast, "T-NL", tw.subList(6, 8), "dc-nl", "customs-nl", false);
    Timestamp now = afterNow();
    LedgerClient treaty = cast.as(Cast.ADMIN.orgId());
    Timestamp end = seconds(Instant.now().plusSeconds(60));
    return new BalanceStory(
        periodStart,
        now,
        MaterialBalances.report(treaty, periodStart, end, now, ""),
        MaterialBalances.report(treaty, seconds(Instant.EPOCH), end, now, ""),
        MaterialBalances.report(treaty, seconds(Instant.EPOCH), periodStart, now, "TW"));
  }

  static CountryBalance country(MaterialBalanceReport report, String country) {
    return report.getCountriesList().stream()
        .filter(c -> c.getCountry().equals(country))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> register(LedgerClient fab, String prefix, int offset, int count) {
    RegisterChipsRequest.Builder lot =
        RegisterChipsRequest.newBuilder().setLotId(prefix + "-LOT-" + offset);
    List<String> serials = new ArrayList<>();
    for (int i = offset; i < offset + count; i++) {
      String serial = String.format("%s-%04d", prefix, i);
      serials.add(serial);
      lot.addChips(
          ChipSpec.newBuilder()
              .setSerial(serial)
              .setModel("H100")
              .setTpp(15_832)
              .setPublicKey(
                  ByteString.copyFrom(
                      ChipKeys.derive(prefix.hashCode(), i).getPublic().getEncoded()))
              .setFirmwareVersion("1.0.0"));
    }
    fab.registerChips(lot.build());
    return serials;
  }

  private static void ship(
      Cast cast, String id, List<String> serials, String to, String importCustoms, boolean enter) {
    Licensing.issue(
        cast, "LIC-" + id, "fab-tw", to, serials.size(), List.of("H100"), Duration.ofDays(30));
    cast.as("fab-tw")
        .proposeTransfer(
            ProposeTransferRequest.newBuilder()
                .setTransferId(id)
                .addAllSerials(serials)
                .setToOrg(to)
                .setLicenceRef("LIC-" + id)
                .build());
    cast.as(to).acceptTransfer(id);
    cast.as("customs-tw").customs(CustomsAction.CLEAR_EXPORT, id, "");
    if (enter) {
      cast.as(importCustoms).customs(CustomsAction.ENTER_IMPORT, id, "");
    }
  }

  private static ReportChipsRequest report(List<String> serials) {
    return ReportChipsRequest.newBuilder().addAllSerials(serials).setReason("test").build();
  }

  /** A time strictly after every transaction so far and before every later one. */
  private static Timestamp afterNow() {
    Instant mark = Instant.now();
    while (!Instant.now().isAfter(mark)) {
      Thread.onSpinWait();
    }
    return seconds(mark);
  }

  static Timestamp seconds(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
