package org.chipledger.app.demo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Licensing;

/**
 * The story's export licences on the ledger (issue 17 item 7): Taiwan's and the US's licensing
 * authorities license each exporter for each buyer abroad, for the chips the story ships to it.
 */
final class StoryLicences {
  /** How long each licence of the story stays valid: beyond the story and its reports. */
  private static final Duration VALIDITY = Duration.ofDays(365);

  private final Map<String, String> ids = new LinkedHashMap<>();

  private StoryLicences() {}

  /**
   * Issues the story's licences: H100s from Hsinchu to each buyer, B200s from Arizona to Singapore.
   * Quantities cover what the story ships; nothing more.
   */
  static StoryLicences issue(Cast cast) {
    StoryLicences licences = new StoryLicences();
    licences.issue(cast, "fab-tw", "dc-us", "H100", 2_000);
    licences.issue(cast, "fab-tw", "dc-nl", "H100", 1_500);
    licences.issue(cast, "fab-tw", "dc-sg", "H100", 700);
    licences.issue(cast, "fab-us", "dc-sg", "B200", 50);
    return licences;
  }

  private void issue(Cast cast, String exporter, String buyer, String model, int quantity) {
    String id =
        "LIC-" + Cast.member(exporter).country() + "-" + buyer.toUpperCase(java.util.Locale.ROOT);
    Licensing.issue(cast, id, exporter, buyer, quantity, List.of(model), VALIDITY);
    ids.put(exporter + ">" + buyer, id);
  }

  /** The id of the licence for {@code exporter}'s shipments to {@code buyer}. */
  String id(String exporter, String buyer) {
    String id = ids.get(exporter + ">" + buyer);
    if (id == null) {
      throw new IllegalArgumentException(
          "the story licenses no exports from " + exporter + " to " + buyer);
    }
    return id;
  }

  /** How many licences the story issued. */
  int count() {
    return ids.size();
  }
}
