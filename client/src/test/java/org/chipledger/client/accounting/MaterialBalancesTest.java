package org.chipledger.client.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.client.cli.CliRun;
import org.chipledger.client.demo.Cast;
import org.chipledger.client.demo.EmbeddedCast;
import org.chipledger.client.demo.Story;
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
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed custody story on the embedded ledger, and the balances it must produce. Before the
 * period: 10 chips made in TW, 5 in US. In it: 4 more in TW; 6 shipped TW to US and entered; 1 of
 * them destroyed and 2 lost in US; 2 more cleared from TW towards NL and still in transit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaterialBalancesTest {
  private Path dir;
  private Timestamp periodStart;
  private Timestamp now;
  private MaterialBalanceReport period;
  private MaterialBalanceReport history;
  private MaterialBalanceReport early;

  @BeforeAll
  void playTheStory(@TempDir Path tempDir) {
    dir = tempDir;
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      Story.found(cast, Story.policy());
      LedgerClient fabTw = cast.as("fab-tw");
      LedgerClient dcUs = cast.as("dc-us");
      List<String> tw = register(fabTw, "TW", 0, 10);
      register(cast.as("fab-us"), "US", 0, 5);
      periodStart = afterNow();
      tw.addAll(register(fabTw, "TW", 10, 4));
      ship(cast, "T-US", tw.subList(0, 6), "dc-us", "customs-us", true);
      dcUs.report(ReportKind.DESTROYED, report(tw.subList(0, 1)));
      dcUs.report(ReportKind.LOST, report(tw.subList(1, 3)));
      ship(cast, "T-NL", tw.subList(6, 8), "dc-nl", "customs-nl", false);
      now = afterNow();
      LedgerClient treaty = cast.as(Cast.ADMIN.orgId());
      Timestamp end = seconds(Instant.now().plusSeconds(60));
      period = MaterialBalances.report(cast.ledger(), treaty, periodStart, end, now, "");
      history =
          MaterialBalances.report(cast.ledger(), treaty, seconds(Instant.EPOCH), end, now, "");
      early =
          MaterialBalances.report(
              cast.ledger(), treaty, seconds(Instant.EPOCH), periodStart, now, "TW");
    }
  }

  @Test
  void theExportingCountryBalances() {
    assertThat(country(period, "TW"))
        .isEqualTo(balance("TW", 10, 4, 0, 6, 0, 8).toBuilder().setInTransit(2).build());
  }

  @Test
  void theImportingCountryBalancesAndCountsItsLostChipsAsUnaccounted() {
    assertThat(country(period, "US"))
        .isEqualTo(
            balance("US", 5, 0, 6, 0, 1, 10).toBuilder().setLost(2).setUnaccounted(2).build());
  }

  @Test
  void theWholeHistoryStartsFromNothingAndAgreesWithTheWorldState() {
    assertThat(country(history, "TW").getOpening()).isZero();
    assertThat(country(history, "TW").getRegistered()).isEqualTo(14);
    assertThat(country(history, "US").getRegistered()).isEqualTo(5);
    assertThat(history.getAnomaliesList()).isEmpty();
    assertThat(period.getAnomaliesList()).isEmpty();
    assertThat(period.getCountriesList())
        .extracting(CountryBalance::getCountry)
        .containsExactly("TW", "US");
  }

  @Test
  void aPeriodBeforeTheStoryEndsHoldsOnlyWhatHappenedUntilThen() {
    // Ends where the balance above starts: its closing is that one's opening.
    assertThat(early.getCountriesList()).containsExactly(balance("TW", 0, 10, 0, 0, 0, 10));
  }

  @Test
  void theCommandPrintsTheBalanceAsTextAndJson() {
    List<String> options =
        List.of("--data-dir", dir.toString(), "--identity", "treaty", "query", "material-balance");
    String from =
        Instant.ofEpochSecond(periodStart.getSeconds(), periodStart.getNanos()).toString();
    CliRun text = CliRun.of(concat(options, "--from", from));
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("balanced: closing = opening").containsPattern("TW +10 +4 ");

    CliRun json = CliRun.of(concat(options, "--country", "US", "--output", "json"));
    assertThat(json.exit()).as(json.err()).isZero();
    JSONObject us = new JSONObject(json.out()).getJSONArray("countries").getJSONObject(0);
    assertThat(us.getString("country")).isEqualTo("US");
    assertThat(us.getLong("closing")).isEqualTo(10);
    assertThat(us.getLong("registered")).isEqualTo(5);

    CliRun backwards = CliRun.of(concat(options, "--from", "2030-01-01", "--to", "2029-01-01"));
    assertThat(backwards.exit()).isNotZero();
    assertThat(backwards.err()).contains("INVALID_PERIOD");
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  private static CountryBalance country(MaterialBalanceReport report, String country) {
    return report.getCountriesList().stream()
        .filter(c -> c.getCountry().equals(country))
        .findFirst()
        .orElseThrow();
  }

  private static CountryBalance balance(
      String country,
      long opening,
      long registered,
      long imported,
      long exported,
      long destroyed,
      long closing) {
    return CountryBalance.newBuilder()
        .setCountry(country)
        .setOpening(opening)
        .setRegistered(registered)
        .setImported(imported)
        .setExported(exported)
        .setDestroyed(destroyed)
        .setClosing(closing)
        .build();
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

  private static Timestamp seconds(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
