package org.chipledger.chaincode.location;

/**
 * Great-circle geometry on a sphere in integer metres, with {@link StrictMath} only: every peer
 * must compute the same bound from the same attestation, bit for bit.
 */
public final class Geo {
  /** The mean Earth radius (IUGG), in metres. */
  public static final double EARTH_RADIUS_M = 6_371_008.8;

  private static final double MICRO = 1_000_000.0;

  private Geo() {}

  /** The haversine distance between two points given in micro-degrees, rounded to metres. */
  public static long distanceM(long lat1Micro, long lon1Micro, long lat2Micro, long lon2Micro) {
    double phi1 = StrictMath.toRadians(lat1Micro / MICRO);
    double phi2 = StrictMath.toRadians(lat2Micro / MICRO);
    double dPhi = phi2 - phi1;
    double dLambda = StrictMath.toRadians((lon2Micro - lon1Micro) / MICRO);
    double sinPhi = StrictMath.sin(dPhi / 2);
    double sinLambda = StrictMath.sin(dLambda / 2);
    double h =
        sinPhi * sinPhi + StrictMath.cos(phi1) * StrictMath.cos(phi2) * sinLambda * sinLambda;
    // Rounding can push h a hair above 1 for antipodes; asin would return NaN.
    double clamped = StrictMath.min(1.0, StrictMath.max(0.0, h));
    return StrictMath.round(2 * EARTH_RADIUS_M * StrictMath.asin(StrictMath.sqrt(clamped)));
  }

  /**
   * How far the chip can be from the landmark: half the round trip, less the signing allowance, at
   * {@code kmPerMs} (1 µs one way at k km/ms covers k metres).
   */
  public static long radiusM(long roundTripUs, long allowanceUs, long kmPerMs) {
    long flight = StrictMath.max(0, roundTripUs - allowanceUs);
    return flight * kmPerMs / 2;
  }

  /** Whether a latitude and longitude in micro-degrees name a point on the globe. */
  public static boolean valid(long latMicro, long lonMicro) {
    return latMicro >= -90_000_000L
        && latMicro <= 90_000_000L
        && lonMicro >= -180_000_000L
        && lonMicro <= 180_000_000L;
  }
}
