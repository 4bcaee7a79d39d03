package org.chipledger.app.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chipledger.app.accounting.BalanceStory.seconds;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chipledger.app.cli.CliRun;
import org.chipledger.client.accounting.MaterialBalances;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CountryBalance;
import org.chipledger.proto.ledger.v1.CustodyCounts;
import org.chipledger.proto.ledger.v1.MaterialBalanceReport;
import org.chipledger.proto.ledger.v1.StatusCount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link BalanceStory} on the real network: the material balance replayed from the channel's
 * blocks equals the embedded ledger's for the same story, agrees with the peers' world state, and
 * adds up over adjacent periods. The network is brought up as each country would on its own host
 * (issue 15 §6): {@code network.sh bootstrap}, then five separate {@code up --countries CC}
 * commands at once, each country at its own loopback address from an addresses file.
 */
@Tag("fabric")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FabricMaterialBalanceIT {
  private Path dir;
  private FabricCast fabric;
  private LedgerClient treaty;
  private BalanceStory onFabric;
  private BalanceStory embedded;

  @BeforeAll
  void playTheStoryOnBothBackends(@TempDir Path tempDir) {
    dir = tempDir;
    LocalNetwork.freshUpAsHosts(writeAddresses(dir.resolve("addresses")));
    fabric =
        FabricCast.create(
            FabricNetwork.open(LocalNetwork.GATEWAY), dir.resolve("fabric/identities"));
    onFabric = BalanceStory.play(fabric);
    treaty = fabric.as(Cast.ADMIN.orgId());
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("embedded/identities"), dir.resolve("embedded/ledger"))) {
      embedded = BalanceStory.play(cast);
    }
  }

  @AfterAll
  void purge() {
    try {
      if (fabric != null) {
        fabric.close();
      }
    } finally {
      LocalNetwork.purge("FabricMaterialBalanceIT");
    }
  }

  /** The five "hosts" of this network: each country at its own loopback address. */
  private static final Map<String, String> HOSTS =
      Map.of(
          "tw", "127.0.1.11",
          "us", "127.0.1.12",
          "nl", "127.0.1.13",
          "sg", "127.0.1.14",
          "treaty", "127.0.1.15");

  private static Path writeAddresses(Path file) {
    StringBuilder lines = new StringBuilder();
    HOSTS.forEach((key, address) -> lines.append(key).append(' ').append(address).append('\n'));
    try {
      return Files.writeString(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void eachCountryRunsOnItsOwnHostAddress() throws IOException {
    LocalNetwork.ScriptRun status = LocalNetwork.status(10);
    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).startsWith("layout: hosts");
    assertThat(status.row("orderer.ord.tw.treaty")).contains("127.0.1.11:7050");
    assertThat(status.row("peer0.secretariat.treaty")).contains("127.0.1.15:11051");
    for (String key : HOSTS.keySet()) {
      assertThat(status.row("chaincode.chipledger." + key)).contains("LISTEN");
    }
    // tw's orderer listens at tw's address only, not at another host's
    try (Socket tw = new Socket(HOSTS.get("tw"), 7050)) {
      assertThat(tw.isConnected()).isTrue();
    }
    assertThatThrownBy(() -> new Socket(HOSTS.get("us"), 7050).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void theReportsEqualTheEmbeddedLedgersForTheSameStory() {
    assertSameBalance(onFabric.period(), embedded.period());
    assertSameBalance(onFabric.history(), embedded.history());
    assertSameBalance(onFabric.early(), embedded.early());
    assertThat(onFabric.period().getCountriesList())
        .extracting(CountryBalance::getCountry)
        .containsExactly("TW", "US");
  }

  @Test
  void theClosingStockIsWhatThePeersWorldStateHolds() {
    CustodyCounts counts = treaty.custodyCounts();
    Map<String, Long> held = new TreeMap<>();
    for (StatusCount count : counts.getCountsList()) {
      if (count.getStatus() != ChipStatus.CHIP_STATUS_DESTROYED) {
        held.merge(count.getCountry(), count.getCount(), Long::sum);
      }
    }
    MaterialBalanceReport history = onFabric.history();
    assertThat(history.getAnomaliesList()).isEmpty();
    assertThat(history.getCountriesList())
        .extracting(CountryBalance::getCountry)
        .containsExactlyElementsOf(held.keySet());
    for (CountryBalance balance : history.getCountriesList()) {
      String country = balance.getCountry();
      assertThat(balance.getClosing()).as(country).isEqualTo(held.get(country));
      assertThat(balance.getImbalance()).as(country).isZero();
      assertThat(balance.getInTransit())
          .as(country)
          .isEqualTo(count(counts, country, ChipStatus.CHIP_STATUS_IN_TRANSIT));
      assertThat(balance.getLost())
          .as(country)
          .isEqualTo(count(counts, country, ChipStatus.CHIP_STATUS_LOST));
      assertThat(balance.getDestroyed())
          .as(country)
          .isEqualTo(count(counts, country, ChipStatus.CHIP_STATUS_DESTROYED));
      assertThat(balance.getUnaccounted()).as(country).isEqualTo(balance.getLost());
    }
    assertThat(BalanceStory.country(history, "US").getUnaccounted()).isEqualTo(2);
  }

  @Test
  void adjacentPeriodsAddUpToTheWholeHistory() {
    Timestamp end = onFabric.history().getPeriodEnd();
    List<MaterialBalanceReport> parts =
        List.of(
            report(seconds(Instant.EPOCH), onFabric.periodStart()),
            report(onFabric.periodStart(), onFabric.now()),
            report(onFabric.now(), end));
    for (CountryBalance whole : onFabric.history().getCountriesList()) {
      long opening = 0;
      long registered = 0;
      long imported = 0;
      long exported = 0;
      long destroyed = 0;
      for (MaterialBalanceReport part : parts) {
        assertThat(part.getAnomaliesList()).isEmpty();
        CountryBalance piece = BalanceStory.country(part, whole.getCountry());
        assertThat(piece.getOpening()).as(whole.getCountry()).isEqualTo(opening);
        assertThat(piece.getImbalance()).isZero();
        registered += piece.getRegistered();
        imported += piece.getImported();
        exported += piece.getExported();
        destroyed += piece.getDestroyed();
        opening = piece.getClosing();
      }
      assertThat(List.of(registered, imported, exported, destroyed, opening))
          .as(whole.getCountry())
          .containsExactly(
              whole.getRegistered(),
              whole.getImported(),
              whole.getExported(),
              whole.getDestroyed(),
              whole.getClosing());
    }
    // Nothing happened after the story: the last period only carries the stock over.
    assertThat(parts.get(2).getCountriesList())
        .allSatisfy(c -> assertThat(c.getClosing()).isEqualTo(c.getOpening()));
  }

  @Test
  void theCommandReportsFromTheNetwork() throws Exception {
    CliRun run =
        CliRun.of(
            List.of(
                "--data-dir",
                dir.resolve("fabric").toString(),
                "--ledger",
                "fabric",
                "--gateway",
                LocalNetwork.GATEWAY.toString(),
                "--identity",
                "treaty",
                "query",
                "material-balance",
                "--output",
                "json"));
    assertThat(run.exit()).as(run.err()).isZero();
    MaterialBalanceReport.Builder printed = MaterialBalanceReport.newBuilder();
    JsonFormat.parser().merge(run.out(), printed);
    assertThat(printed.getCountriesList())
        .containsExactlyElementsOf(onFabric.history().getCountriesList());
    assertThat(printed.getAnomaliesList()).isEmpty();
  }

  private MaterialBalanceReport report(Timestamp from, Timestamp to) {
    return MaterialBalances.report(treaty, from, to, onFabric.now(), "");
  }

  private static void assertSameBalance(
      MaterialBalanceReport fabricReport, MaterialBalanceReport embeddedReport) {
    assertThat(fabricReport.getCountriesList())
        .containsExactlyElementsOf(embeddedReport.getCountriesList());
    assertThat(fabricReport.getAnomaliesList())
        .containsExactlyElementsOf(embeddedReport.getAnomaliesList());
    assertThat(fabricReport.getEvents()).isEqualTo(embeddedReport.getEvents());
  }

  private static long count(CustodyCounts counts, String country, ChipStatus status) {
    return counts.getCountsList().stream()
        .filter(c -> c.getCountry().equals(country) && c.getStatus() == status)
        .mapToLong(StatusCount::getCount)
        .sum();
  }
}
