package org.chipledger.chaincode.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.chaincode.location.Geography.ASHBURN_WASHINGTON_KM;
import static org.chipledger.chaincode.location.Geography.SINGAPORE_SINGAPORE_KM;
import static org.chipledger.chaincode.location.Geography.roundTripUs;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.chipledger.proto.ledger.v1.LocationVerdict;
import org.junit.jupiter.api.Test;

/**
 * An operator who delays responses only makes the chip look farther: a bound never shrinks with
 * added delay, so delay never turns a diverted chip consistent.
 */
class DelayTest {

  @Test
  void addedDelayNeverShrinksTheBound() {
    qt().withExamples(500)
        .forAll(longs().between(0, 10_000_000), longs().between(0, 10_000_000))
        .checkAssert(
            (rtt, added) ->
                assertThat(Geo.radiusM(rtt + added, 1_000, 200))
                    .isGreaterThanOrEqualTo(Geo.radiusM(rtt, 1_000, 200)));
  }

  @Test
  void noDelayMakesAChipInSingaporeConsistentWithTheUs() {
    qt().withExamples(12)
        .forAll(longs().between(0, 400_000))
        .checkAssert(
            added -> {
              Geography geo = new Geography();
              geo.chipsInUs("SN-D");
              // Singapore's landmark sees the chip next door, however long the host holds it.
              geo.record(
                  geo.attest("SN-D", "lm-singapore", roundTripUs(SINGAPORE_SINGAPORE_KM, 0)));
              var decision =
                  geo.record(
                      geo.attest(
                          "SN-D", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, added)));
              assertThat(decision.getVerdict())
                  .isEqualTo(LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH);
            });
  }
}
