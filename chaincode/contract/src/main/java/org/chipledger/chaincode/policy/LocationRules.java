package org.chipledger.chaincode.policy;

import java.util.HashSet;
import java.util.Set;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.proto.ledger.v1.CountryRegion;
import org.chipledger.proto.ledger.v1.Policy;

/** Checks the policy's location fields (issue 21): regions, window, allowance and speed. */
final class LocationRules {
  /** Light in vacuum, km/ms: a faster assumed signal would shrink honest chips' disks. */
  static final long MAX_KM_PER_MS = 300;

  /** A region wider than half the Earth's circumference contains everything. */
  static final long MAX_REGION_KM = 20_000;

  /** Signing takes milliseconds at most; a second of allowance would hide a continent. */
  static final long MAX_ALLOWANCE_US = 1_000_000;

  private LocationRules() {}

  static void validate(Policy.Builder policy) {
    Checks.require(
        Integer.toUnsignedLong(policy.getLocationKmPerMs()) <= MAX_KM_PER_MS,
        ErrorCode.INVALID_POLICY,
        "location_km_per_ms must be at most " + MAX_KM_PER_MS + " (light in vacuum)");
    Checks.require(
        Integer.toUnsignedLong(policy.getLocationSigningAllowanceUs()) <= MAX_ALLOWANCE_US,
        ErrorCode.INVALID_POLICY,
        "location_signing_allowance_us must be at most " + MAX_ALLOWANCE_US);
    Set<String> seen = new HashSet<>();
    for (CountryRegion region : policy.getLocationRegionsList()) {
      Checks.country("region country", region.getCountry());
      Checks.require(
          seen.add(region.getCountry()),
          ErrorCode.INVALID_POLICY,
          "two location regions for " + region.getCountry());
      long lat = region.getLatitudeMicro();
      long lon = region.getLongitudeMicro();
      Checks.require(
          lat >= -90_000_000L && lat <= 90_000_000L && lon >= -180_000_000L && lon <= 180_000_000L,
          ErrorCode.INVALID_POLICY,
          "the region of " + region.getCountry() + " has its centre off the globe");
      Checks.require(
          Integer.toUnsignedLong(region.getRadiusKm()) <= MAX_REGION_KM,
          ErrorCode.INVALID_POLICY,
          "the region of " + region.getCountry() + " is wider than " + MAX_REGION_KM + " km");
    }
  }
}
