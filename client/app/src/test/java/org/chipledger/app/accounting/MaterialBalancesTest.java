package org.chipledger.app.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.app.accounting.BalanceStory.country;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.cli.CliRun;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.proto.ledger.v1.CountryBalance;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BalanceStory} on the embedded ledger, and the balances it must produce. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaterialBalancesTest {
  private Path dir;
  private BalanceStory story;

  @BeforeAll
  void playTheStory(@TempDir Path tempDir) {
    dir = tempDir;
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      story = BalanceStory.play(cast);
    }
  }

  @Test
  void theExportingCountryBalances() {
    assertThat(country(story.period(), "TW"))
        .isEqualTo(balance("TW", 10, 4, 0, 6, 0, 8).toBuilder().setInTransit(2).build());
  }

  @Test
  void theImportingCountryBalancesAndCountsItsLostChipsAsUnaccounted() {
    assertThat(country(story.period(), "US"))
        .isEqualTo(
            balance("US", 5, 0, 6, 0, 1, 10).toBuilder().setLost(2).setUnaccounted(2).build());
  }

  @Test
  void theWholeHistoryStartsFromNothingAndAgreesWithTheWorldState() {
    assertThat(country(story.history(), "TW").getOpening()).isZero();
    assertThat(country(story.history(), "TW").getRegistered()).isEqualTo(14);
    assertThat(country(story.history(), "US").getRegistered()).isEqualTo(5);
    assertThat(story.history().getAnomaliesList()).isEmpty();
    assertThat(story.period().getAnomaliesList()).isEmpty();
    assertThat(story.period().getCountriesList())
        .extracting(CountryBalance::getCountry)
        .containsExactly("TW", "US");
  }

  @Test
  void aPeriodBeforeTheStoryEndsHoldsOnlyWhatHappenedUntilThen() {
    // Ends where the balance above starts: its closing is that one's opening.
    assertThat(story.early().getCountriesList()).containsExactly(balance("TW", 0, 10, 0, 0, 0, 10));
  }

  @Test
  void theCommandPrintsTheBalanceAsTextAndJson() {
    List<String> options =
        List.of("--data-dir", dir.toString(), "--identity", "treaty", "query", "material-balance");
    String from =
        Instant.ofEpochSecond(story.periodStart().getSeconds(), story.periodStart().getNanos())
            .toString();
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
}
