package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.client.embedded.EmbeddedLedgerTest.text;

import java.nio.file.Path;
import java.util.List;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fabric peer semantics of the stub, observed through a contract. */
class EmbeddedStubTest {
  // UTF-8 byte order: 'a' < 'z' < U+E000 < U+FFFD < U+1F600. Java's String order puts the
  // surrogate pair of U+1F600 (0xD83D...) before U+E000 instead.
  private static final List<String> UTF8_ORDER =
      List.of("a", "z", "\uE000", "\uFFFD", "\uD83D\uDE00");

  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path dir;

  @Test
  void partialCompositeKeyScansFollowUtf8ByteOrder() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      for (String attribute : List.of("\uD83D\uDE00", "\uFFFD", "z", "\uE000", "a")) {
        fab.submit("testkv:PutComposite", List.of("chip", attribute, "v"));
      }
      fab.submit("testkv:PutComposite", List.of("chips", "other-type", "v"));
      fab.submit("testkv:Put", List.of("chip", "a simple key"));

      assertThat(text(fab.evaluate("testkv:CompositeAttributes", List.of("chip"))))
          .isEqualTo(String.join(",", UTF8_ORDER));
    }
  }

  @Test
  void paginationBookmarksTheNextKeyAndEndsEmpty() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      for (String attribute : UTF8_ORDER) {
        fab.submit("testkv:PutComposite", List.of("chip", attribute, "v"));
      }

      String first = text(fab.evaluate("testkv:CompositePage", List.of("chip", "2", "")));
      String[] firstParts = first.split("\\|", -1);
      assertThat(firstParts[0]).isEqualTo("a,z");
      String second =
          text(fab.evaluate("testkv:CompositePage", List.of("chip", "2", firstParts[1])));
      String[] secondParts = second.split("\\|", -1);
      assertThat(secondParts[0]).isEqualTo("\uE000,\uFFFD");
      String last =
          text(fab.evaluate("testkv:CompositePage", List.of("chip", "2", secondParts[1])));
      assertThat(last).isEqualTo("\uD83D\uDE00|");
    }
  }

  @Test
  void simpleKeyRangesLeaveCompositeKeysOutAndExcludeTheEnd() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      for (String key : List.of("k1", "k2", "k3", "l1")) {
        fab.submit("testkv:Put", List.of(key, "v"));
      }
      fab.submit("testkv:PutComposite", List.of("k", "composite", "v"));

      assertThat(text(fab.evaluate("testkv:RangeCount", List.of("k1", "k3")))).isEqualTo("2");
      assertThat(text(fab.evaluate("testkv:RangeCount", List.of("", "")))).isEqualTo("4");
    }
  }

  @Test
  void historyListsEveryCommittedVersionOldestFirstIncludingDeletions() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      Committed put = fab.submit("testkv:Put", List.of("chip-9", "made"));
      Committed delete = fab.submit("testkv:Delete", List.of("chip-9"));
      Committed again = fab.submit("testkv:Put", List.of("chip-9", "remade"));
      fab.submit("testkv:Put", List.of("chip-90", "a longer key sharing the prefix"));

      assertThat(text(fab.evaluate("testkv:History", List.of("chip-9"))))
          .isEqualTo(
              "made@" + put.txId() + ",<deleted>@" + delete.txId() + ",remade@" + again.txId());
      assertThat(text(fab.evaluate("testkv:Get", List.of("chip-9")))).isEqualTo("remade");
    }
  }

  @Test
  void aTransactionDoesNotReadItsOwnWrites() {
    try (EmbeddedLedger ledger = consortium.create(dir)) {
      Ledger fab = ledger.connect(consortium.fab);
      fab.submit("testkv:Put", List.of("k", "old"));

      Committed committed = fab.submit("testkv:PutAndRead", List.of("k", "new"));

      assertThat(text(committed.payload())).isEqualTo("old");
      assertThat(text(fab.evaluate("testkv:Get", List.of("k")))).isEqualTo("new");
    }
  }
}
