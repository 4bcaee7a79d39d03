package org.chipledger.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.accounting.CustodyDigest;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.UnaccountedCategory;
import org.chipledger.proto.ledger.v1.UnaccountedSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo story on the embedded ledger: what it ends with, and that it is reproducible. */
class StoryTest {
  @TempDir Path first;
  @TempDir Path second;

  private static Story.Outcome play(Path dir, long seed, List<String> narration) {
    try (EmbeddedCast cast =
        EmbeddedCast.create(dir.resolve("identities"), dir.resolve("ledger"))) {
      return new Story(cast, 5000, seed, narration::add, done -> {}).run();
    }
  }

  @Test
  void storyEndsWithTheExpectedCustodyAndUnaccountedChips() {
    List<String> narration = new ArrayList<>();
    Story.Outcome outcome = play(first, 42, narration);

    assertThat(outcome.chips()).isEqualTo(10_000);
    assertThat(outcome.counts().getTotal()).isEqualTo(10_000);
    assertThat(outcome.counts().getCountsList())
        .extracting(c -> c.getCountry())
        .contains("TW", "US", "NL", "SG");
    assertThat(outcome.unaccounted().getSummaryList())
        .extracting(
            UnaccountedSummary::getCountry,
            UnaccountedSummary::getCategory,
            UnaccountedSummary::getCount)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "NL", UnaccountedCategory.UNACCOUNTED_CATEGORY_STOLEN, 3L),
            org.assertj.core.groups.Tuple.tuple(
                "SG", UnaccountedCategory.UNACCOUNTED_CATEGORY_SEIZED, 50L),
            org.assertj.core.groups.Tuple.tuple(
                "TW", UnaccountedCategory.UNACCOUNTED_CATEGORY_OVERDUE_IN_TRANSIT, 200L),
            org.assertj.core.groups.Tuple.tuple(
                "US", UnaccountedCategory.UNACCOUNTED_CATEGORY_LOST, 150L));
    assertThat(outcome.rejections())
        .extracting(Story.Rejection::code)
        .containsExactly(
            ErrorCode.UNAUTHORIZED_ROLE,
            ErrorCode.CUSTOMS_WRONG_COUNTRY,
            ErrorCode.LICENCE_REQUIRED,
            ErrorCode.WRONG_COUNTRY,
            ErrorCode.TERMINAL_STATE);
    assertThat(narration).anyMatch(line -> line.contains("investigation triggered"));
  }

  @Test
  void sameSeedGivesTheSameCustodyDigestAndTheLedgerKeepsItAfterReopening() {
    String digest = play(first, 7, new ArrayList<>()).digest();
    assertThat(play(second, 7, new ArrayList<>()).digest()).isEqualTo(digest);

    IdentityStore identities = new IdentityStore(first.resolve("identities"));
    try (EmbeddedLedger ledger = EmbeddedLedger.open(first.resolve("ledger"));
        LedgerClient inspector =
            new LedgerClient(
                ledger.connect(
                    identities.load(Cast.member("inspectorate").mspId(), "inspectorate")))) {
      assertThat(CustodyDigest.of(inspector)).isEqualTo(digest);
      assertThat(ledger.verify().ok()).isTrue();
    }
  }
}
