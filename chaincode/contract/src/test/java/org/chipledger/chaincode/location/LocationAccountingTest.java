package org.chipledger.chaincode.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.chaincode.location.Geography.ASHBURN_WASHINGTON_KM;
import static org.chipledger.chaincode.location.Geography.SINGAPORE_SINGAPORE_KM;
import static org.chipledger.chaincode.location.Geography.roundTripUs;

import com.google.protobuf.Timestamp;
import org.chipledger.chaincode.accounting.Accounting;
import org.chipledger.chaincode.accounting.MaterialBalance;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.proto.ledger.v1.CountryBalance;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.UnaccountedCategory;
import org.chipledger.proto.ledger.v1.UnaccountedChip;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;
import org.junit.jupiter.api.Test;

/** A diverted chip is material unaccounted for, in its own category, until it is placed again. */
class LocationAccountingTest {
  private final Geography geo = new Geography();

  LocationAccountingTest() {
    geo.chipsInUs("SN-HOME", "SN-AWAY");
    geo.record(geo.attest("SN-HOME", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, 0)));
    geo.record(geo.attest("SN-AWAY", "lm-singapore", roundTripUs(SINGAPORE_SINGAPORE_KM, 0)));
  }

  @Test
  void theUnaccountedReportListsTheMismatchedChipInItsOwnCategory() {
    var report =
        geo.world.tx(
            geo.world.admin,
            s -> Accounting.unaccounted(s, UnaccountedRequest.getDefaultInstance()));
    assertThat(report.getChipsList())
        .extracting(UnaccountedChip::getSerial, UnaccountedChip::getCategory)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "SN-AWAY", UnaccountedCategory.UNACCOUNTED_CATEGORY_LOCATION_MISMATCH));
    assertThat(report.getSummaryList())
        .singleElement()
        .satisfies(s -> assertThat(s.getCountry()).isEqualTo("US"))
        .satisfies(s -> assertThat(s.getCount()).isEqualTo(1));
  }

  @Test
  void theMaterialBalanceCountsTheMismatchAsUnaccountedUntilAConsistentDecision() {
    Timestamp start = Timestamp.newBuilder().setSeconds(0).build();
    Timestamp end = Times.plusSeconds(geo.now(), 10 * 86_400);
    CountryBalance us = balance(start, end);
    assertThat(us.getLocationMismatch()).isEqualTo(1);
    assertThat(us.getUnaccounted()).isEqualTo(1);
    assertThat(us.getImbalance()).isZero();

    geo.world.ledger.advanceDays(2);
    geo.record(geo.attest("SN-AWAY", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, 0)));
    CountryBalance later = balance(start, end);
    assertThat(later.getLocationMismatch()).isZero();
    assertThat(later.getUnaccounted()).isZero();
  }

  private CountryBalance balance(Timestamp start, Timestamp end) {
    MaterialBalance balance = new MaterialBalance(start, end, 14);
    for (LedgerEvent event : geo.world.ledger.events()) {
      balance.accept(event);
    }
    return balance.report("US").getCountries(0);
  }
}
