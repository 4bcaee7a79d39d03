package org.chipledger.chaincode.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.chaincode.location.Geography.ASHBURN_AMSTERDAM_KM;
import static org.chipledger.chaincode.location.Geography.ASHBURN_SINGAPORE_KM;
import static org.chipledger.chaincode.location.Geography.ASHBURN_WASHINGTON_KM;
import static org.chipledger.chaincode.location.Geography.SINGAPORE_SINGAPORE_KM;
import static org.chipledger.chaincode.location.Geography.roundTripUs;

import java.util.List;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.LocationBound;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.LocationVerdict;
import org.junit.jupiter.api.Test;

/**
 * Location decisions for chips the ledger places in the US: an honest chip in Ashburn, a chip
 * diverted to Singapore, a relay from a US host to a chip in Singapore, and chips nobody measured.
 */
class LocationDecisionTest {
  private final Geography geo = new Geography();

  LocationDecisionTest() {
    geo.chipsInUs("SN-HONEST", "SN-DIVERTED", "SN-RELAYED", "SN-SILENT");
  }

  @Test
  void anHonestChipMeasuredByThreeLandmarksIsConsistent() {
    geo.record(geo.attest("SN-HONEST", "lm-amsterdam", roundTripUs(ASHBURN_AMSTERDAM_KM, 0)));
    geo.record(geo.attest("SN-HONEST", "lm-singapore", roundTripUs(ASHBURN_SINGAPORE_KM, 0)));
    LocationDecision last =
        geo.record(geo.attest("SN-HONEST", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, 0)));

    assertThat(last.getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_CONSISTENT);
    assertThat(last.getAttestationsCount()).isEqualTo(3);
    assertThat(last.getBoundsList()).noneMatch(LocationBound::getExcludesRegion);
    // The Washington bound: 2 * 42 km * 5 µs * 1.3 = 546 µs of flight, 54.6 km.
    assertThat(last.getBoundsList())
        .filteredOn(b -> b.getLandmarkId().equals("lm-washington"))
        .singleElement()
        .satisfies(b -> assertThat(b.getRadiusM()).isEqualTo(54_600))
        .satisfies(b -> assertThat(b.getWithinRegion()).isTrue());
    assertThat(geo.decision("SN-HONEST").getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_CONSISTENT);
  }

  @Test
  void aChipMovedToSingaporeWithoutATransferIsAMismatchAndRaisesAnEvent() {
    LocationDecision decision =
        geo.record(
            geo.attest("SN-DIVERTED", "lm-singapore", roundTripUs(SINGAPORE_SINGAPORE_KM, 0)));

    assertThat(decision.getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    assertThat(decision.getCountry()).isEqualTo("US");
    assertThat(decision.getBounds(0).getExcludesRegion()).isTrue();
    LedgerEvent event = geo.world.ledger.events().get(geo.world.ledger.events().size() - 1);
    assertThat(event.getLocationDecided().getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    assertThat(event.getLocationDecided().getExcludingLandmarkIdsList())
        .containsExactly("lm-singapore");
  }

  @Test
  void aRelayFromAUsHostToAChipInSingaporeIsFlaggedBecauseTheRelayAddsTheDistance() {
    // The host in Ashburn answers the landmarks but forwards each challenge to Singapore and back.
    long relay = Math.round(2 * ASHBURN_SINGAPORE_KM * 5 * 1.3);
    geo.record(geo.attest("SN-RELAYED", "lm-amsterdam", roundTripUs(ASHBURN_AMSTERDAM_KM, relay)));
    LocationDecision decision =
        geo.record(
            geo.attest("SN-RELAYED", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, relay)));

    assertThat(decision.getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
    assertThat(decision.getBoundsList()).noneMatch(LocationBound::getWithinRegion);
    assertThat(decision.getReason()).contains("too slowly");
  }

  @Test
  void aChipWithoutAttestationsIsUnverified() {
    assertThat(geo.decision("SN-SILENT").getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_UNVERIFIED);
  }

  @Test
  void attestationsOlderThanTheWindowLeaveTheChipUnverified() {
    geo.record(geo.attest("SN-HONEST", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, 0)));
    geo.world.ledger.advanceDays(1.5);
    assertThat(geo.decision("SN-HONEST").getVerdict())
        .isEqualTo(LocationVerdict.LOCATION_VERDICT_UNVERIFIED);
  }

  @Test
  void aMismatchIsClearedOnlyByALaterConsistentDecision() {
    geo.record(geo.attest("SN-DIVERTED", "lm-singapore", roundTripUs(SINGAPORE_SINGAPORE_KM, 0)));
    assertThat(geo.world.tx(geo.world.admin, Locations::mismatched))
        .extracting(LocationDecision::getSerial)
        .containsExactly("SN-DIVERTED");
    // The chip comes back to Ashburn; two days on, the Singapore bound has expired.
    geo.world.ledger.advanceDays(2);
    geo.record(geo.attest("SN-DIVERTED", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, 0)));
    assertThat(geo.world.tx(geo.world.admin, Locations::mismatched)).isEmpty();
  }

  @Test
  void theSummaryCountsPlacedChipsPerCountryByVerdict() {
    geo.record(geo.attest("SN-HONEST", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, 0)));
    geo.record(geo.attest("SN-DIVERTED", "lm-singapore", roundTripUs(SINGAPORE_SINGAPORE_KM, 0)));
    var summary = geo.world.tx(geo.world.admin, Locations::summary);
    assertThat(summary.getCountriesList())
        .singleElement()
        .satisfies(
            us -> {
              assertThat(us.getCountry()).isEqualTo("US");
              assertThat(us.getConsistent()).isEqualTo(1);
              assertThat(us.getMismatched()).isEqualTo(1);
              assertThat(us.getUnverified()).isEqualTo(2);
            });
  }

  @Test
  void aCountryWithoutARegionIsNeverJudged() {
    geo.world.setPolicy(p -> p.clearLocationRegions());
    LocationDecision decision =
        geo.record(
            geo.attest("SN-DIVERTED", "lm-singapore", roundTripUs(SINGAPORE_SINGAPORE_KM, 0)));
    assertThat(decision.getVerdict()).isEqualTo(LocationVerdict.LOCATION_VERDICT_UNVERIFIED);
    assertThat(List.of(decision.getReason())).anyMatch(r -> r.contains("no region"));
  }
}
