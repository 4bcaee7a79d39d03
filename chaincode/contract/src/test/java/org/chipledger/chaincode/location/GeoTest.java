package org.chipledger.chaincode.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The geometry against independent figures: published great-circle distances between capitals, and
 * exact fractions of the mean Earth circumference.
 */
class GeoTest {

  @Test
  void washingtonToTaipeiIsAbout12600Km() {
    long m = Geo.distanceM(38_907_200, -77_036_900, 25_033_000, 121_565_400);
    assertThat(m / 1000.0).isCloseTo(12_600, within(126.0));
  }

  @Test
  void amsterdamToSingaporeIsAbout10500Km() {
    long m = Geo.distanceM(52_367_600, 4_904_100, 1_352_100, 103_819_800);
    assertThat(m / 1000.0).isCloseTo(10_500, within(105.0));
  }

  @Test
  void londonToParisIsAbout344Km() {
    long m = Geo.distanceM(51_507_400, -127_800, 48_856_600, 2_352_200);
    assertThat(m / 1000.0).isCloseTo(344, within(3.0));
  }

  @Test
  void aQuarterOfTheEquatorIsAQuarterOfTheCircumference() {
    // pi / 2 * 6,371,008.8 m = 10,007,557.2 m
    assertThat(Geo.distanceM(0, 0, 0, 90_000_000)).isCloseTo(10_007_557L, within(1L));
  }

  @Test
  void poleToPoleIsHalfTheCircumferenceWithoutNaN() {
    // pi * 6,371,008.8 m = 20,015,114.4 m; h rounds to 1 here, where asin is steepest.
    assertThat(Geo.distanceM(90_000_000, 0, -90_000_000, 0)).isCloseTo(20_015_114L, within(1L));
    assertThat(Geo.distanceM(0, 0, 0, 180_000_000)).isCloseTo(20_015_114L, within(1L));
  }

  @Test
  void distanceIsSymmetricAndZeroAtAPoint() {
    assertThat(Geo.distanceM(1, 2, 1, 2)).isZero();
    assertThat(Geo.distanceM(52_367_600, 4_904_100, 1_352_100, 103_819_800))
        .isEqualTo(Geo.distanceM(1_352_100, 103_819_800, 52_367_600, 4_904_100));
  }

  @Test
  void aRoundTripBoundsTheChipToHalfItsFlightAtTheSignalSpeed() {
    // 10 ms round trip at 200 km/ms: 5 ms each way, 1,000 km.
    assertThat(Geo.radiusM(10_000, 0, 200)).isEqualTo(1_000_000);
    // The 2 ms signing allowance comes off first: 8 ms, 800 km.
    assertThat(Geo.radiusM(10_000, 2_000, 200)).isEqualTo(800_000);
    // A round trip shorter than the allowance bounds the chip to the landmark itself.
    assertThat(Geo.radiusM(500, 2_000, 200)).isZero();
    // At light in vacuum (300 km/ms), 1 ms round trip is 150 km.
    assertThat(Geo.radiusM(1_000, 0, 300)).isEqualTo(150_000);
  }
}
