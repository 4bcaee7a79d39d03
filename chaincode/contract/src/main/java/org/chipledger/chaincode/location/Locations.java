package org.chipledger.chaincode.location;

import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.CountryLocation;
import org.chipledger.proto.ledger.v1.CountryRegion;
import org.chipledger.proto.ledger.v1.Landmark;
import org.chipledger.proto.ledger.v1.LocationAttestation;
import org.chipledger.proto.ledger.v1.LocationBound;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.LocationSummary;
import org.chipledger.proto.ledger.v1.LocationVerdict;
import org.chipledger.proto.ledger.v1.Policy;

/**
 * The location decision. Each fresh attestation bounds the chip to a disk around its landmark of
 * radius (round trip - allowance) / 2 at the policy's signal speed; the ledger country's region is
 * a disk too. Two disks meet when the distance between their centres is at most the sum of their
 * radii; one lies within the other when that distance plus its radius is at most the other's. A
 * chip is CONSISTENT when the region meets every landmark's disk and some disk lies within the
 * region (a landmark proves the chip inside); LOCATION_MISMATCH when some disk excludes the region
 * or none lies within it (delay only makes a chip look farther, so a relay to a far chip shows as
 * too slow); UNVERIFIED without enough fresh attestations, a region, or a place on the ledger.
 */
public final class Locations {
  /** Defaults of the policy's location fields when unset. */
  public static final long DEFAULT_WINDOW_SECONDS = 86_400;

  public static final long DEFAULT_KM_PER_MS = 200;

  private static final String MISMATCH = "locmismatch";

  /** Where a chip has a place on the ledger to be tested against. */
  private static final Set<ChipStatus> PLACED =
      EnumSet.of(
          ChipStatus.CHIP_STATUS_ACTIVE,
          ChipStatus.CHIP_STATUS_DEPLOYED,
          ChipStatus.CHIP_STATUS_PENDING_TRANSFER);

  private Locations() {}

  /** The chip's decision at the transaction's time, from the attestations committed so far. */
  public static LocationDecision decide(LedgerState state, String serial) {
    Checks.id("serial", serial);
    return decide(state, Policies.current(state), ChipStore.get(state, serial), null);
  }

  /**
   * The decision with {@code recorded} (this transaction's attestation, not yet visible to scans)
   * replacing its landmark's earlier one; {@code recorded} may be null.
   */
  static LocationDecision decide(
      LedgerState state, Policy policy, Chip chip, LocationAttestation recorded) {
    Timestamp now = state.txTime();
    Timestamp oldest = Times.plusSeconds(now, -windowSeconds(policy));
    Map<String, LocationAttestation> fresh = new TreeMap<>();
    for (LocationAttestation a : Attestations.latest(state, chip.getSerial())) {
      fresh.put(a.getLandmarkId(), a);
    }
    if (recorded != null) {
      fresh.put(recorded.getLandmarkId(), recorded);
    }
    fresh.values().removeIf(a -> Times.compare(a.getMeasuredAt(), oldest) < 0);
    LocationDecision.Builder decision =
        LocationDecision.newBuilder()
            .setSerial(chip.getSerial())
            .setCountry(chip.getCountry())
            .setDecidedAt(now)
            .addAllAttestations(fresh.values());
    Optional<CountryRegion> region = region(policy, chip.getCountry());
    for (LocationAttestation a : fresh.values()) {
      decision.addBounds(bound(state, policy, a, region));
    }
    if (!PLACED.contains(chip.getStatus())) {
      return verdict(
          decision,
          LocationVerdict.LOCATION_VERDICT_UNVERIFIED,
          "the chip is " + StatusNames.of(chip.getStatus()) + ": the ledger places it nowhere");
    }
    if (region.isEmpty()) {
      return verdict(
          decision,
          LocationVerdict.LOCATION_VERDICT_UNVERIFIED,
          "the policy gives no region for " + chip.getCountry());
    }
    List<String> excluding = new ArrayList<>();
    boolean placed = false;
    for (LocationBound b : decision.getBoundsList()) {
      if (b.getExcludesRegion()) {
        excluding.add(b.getLandmarkId());
      }
      placed |= b.getWithinRegion();
    }
    if (!excluding.isEmpty()) {
      return verdict(
          decision,
          LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH,
          "landmarks " + excluding + " place the chip outside " + chip.getCountry());
    }
    long needed = StrictMath.max(1, Integer.toUnsignedLong(policy.getLocationMinLandmarks()));
    if (fresh.size() < needed) {
      return verdict(
          decision,
          LocationVerdict.LOCATION_VERDICT_UNVERIFIED,
          fresh.size() + " fresh attestations; the policy asks for " + needed);
    }
    if (!placed) {
      return verdict(
          decision,
          LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH,
          "no landmark's bound lies within "
              + chip.getCountry()
              + ": the chip answers too slowly to be there");
    }
    return verdict(
        decision,
        LocationVerdict.LOCATION_VERDICT_CONSISTENT,
        "every landmark's bound meets " + chip.getCountry() + " and one lies within it");
  }

  private static LocationBound bound(
      LedgerState state, Policy policy, LocationAttestation a, Optional<CountryRegion> region) {
    Landmark landmark = Landmarks.get(state, a.getLandmarkId());
    long radius =
        Geo.radiusM(
            a.getRoundTripUs(),
            Integer.toUnsignedLong(policy.getLocationSigningAllowanceUs()),
            kmPerMs(policy));
    LocationBound.Builder bound =
        LocationBound.newBuilder().setLandmarkId(a.getLandmarkId()).setRadiusM(radius);
    region.ifPresent(
        r -> {
          long distance =
              Geo.distanceM(
                  landmark.getLatitudeMicro(),
                  landmark.getLongitudeMicro(),
                  r.getLatitudeMicro(),
                  r.getLongitudeMicro());
          long regionM = Integer.toUnsignedLong(r.getRadiusKm()) * 1000L;
          bound
              .setRegionDistanceM(distance)
              .setExcludesRegion(distance > radius + regionM)
              .setWithinRegion(distance + radius <= regionM);
        });
    return bound.build();
  }

  private static LocationDecision verdict(
      LocationDecision.Builder decision, LocationVerdict verdict, String reason) {
    return decision.setVerdict(verdict).setReason(reason).build();
  }

  /** Keeps the mismatch mark: set by a mismatch, cleared only by a consistent decision. */
  static void mark(LedgerState state, LocationDecision decision) {
    String key = CompositeKeys.of(MISMATCH, decision.getSerial());
    if (decision.getVerdict() == LocationVerdict.LOCATION_VERDICT_LOCATION_MISMATCH) {
      state.put(key, decision.toByteArray());
    } else if (decision.getVerdict() == LocationVerdict.LOCATION_VERDICT_CONSISTENT) {
      state.delete(key);
    }
  }

  /** The chips marked mismatched, each with the decision that marked it; for accounting. */
  public static List<LocationDecision> mismatched(LedgerState state) {
    return Records.parseAll(state.scanAll(MISMATCH, List.of()), LocationDecision.parser());
  }

  /** Per country, the placed chips by verdict at the transaction's time. */
  public static LocationSummary summary(LedgerState state) {
    Policy policy = Policies.current(state);
    Map<String, CountryLocation.Builder> countries = new TreeMap<>();
    for (ChipStatus status : PLACED) {
      for (LedgerState.Entry entry :
          state.scanAll(ChipStore.BY_STATUS_INDEX, List.of(StatusNames.of(status)))) {
        Chip chip = ChipStore.get(state, CompositeKeys.lastAttribute(entry.key()));
        CountryLocation.Builder row =
            countries.computeIfAbsent(
                chip.getCountry(), c -> CountryLocation.newBuilder().setCountry(c));
        switch (decide(state, policy, chip, null).getVerdict()) {
          case LOCATION_VERDICT_CONSISTENT -> row.setConsistent(row.getConsistent() + 1);
          case LOCATION_VERDICT_LOCATION_MISMATCH -> row.setMismatched(row.getMismatched() + 1);
          default -> row.setUnverified(row.getUnverified() + 1);
        }
      }
    }
    LocationSummary.Builder summary = LocationSummary.newBuilder().setAsOf(state.txTime());
    countries.values().forEach(summary::addCountries);
    return summary.build();
  }

  /** The policy's freshness window in seconds. */
  public static long windowSeconds(Policy policy) {
    long window = Integer.toUnsignedLong(policy.getLocationFreshnessSeconds());
    return window == 0 ? DEFAULT_WINDOW_SECONDS : window;
  }

  /** The policy's signal speed in km/ms. */
  public static long kmPerMs(Policy policy) {
    long speed = Integer.toUnsignedLong(policy.getLocationKmPerMs());
    return speed == 0 ? DEFAULT_KM_PER_MS : speed;
  }

  private static Optional<CountryRegion> region(Policy policy, String country) {
    return policy.getLocationRegionsList().stream()
        .filter(r -> r.getCountry().equals(country))
        .findFirst();
  }
}
