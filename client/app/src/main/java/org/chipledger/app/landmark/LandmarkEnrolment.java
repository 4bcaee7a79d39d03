package org.chipledger.app.landmark;

import com.google.protobuf.ByteString;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Member;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.CountryRegion;
import org.chipledger.proto.ledger.v1.Landmark;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;

/**
 * What the demo's location chapter, the location benchmark and their tests set up alike: landmark
 * organisations and landmarks, regions, and emulated chips with derived keys.
 */
public final class LandmarkEnrolment {
  private LandmarkEnrolment() {}

  /** The secretariat registers {@code org} under its MSP's root CA in {@code cast}. */
  public static void organisation(Cast cast, Member org) {
    cast.as(Cast.ADMIN.orgId())
        .registerOrganization(
            RegisterOrganizationRequest.newBuilder()
                .setOrgId(org.orgId())
                .setMspId(org.mspId())
                .setName(org.name())
                .setCountry(org.country())
                .addRoles(org.role())
                .setCaCertPem(cast.rootCaPem(org.mspId()))
                .build());
  }

  /** The secretariat registers landmark {@code id} of {@code org} at the given micro-degrees. */
  public static Landmark landmark(
      Cast cast, Member org, String id, long latMicro, long lonMicro, PublicKey key) {
    return LocationClient.of(cast.as(Cast.ADMIN.orgId()))
        .registerLandmark(
            Landmark.newBuilder()
                .setLandmarkId(id)
                .setOrgId(org.orgId())
                .setCountry(org.country())
                .setLatitudeMicro(latMicro)
                .setLongitudeMicro(lonMicro)
                .setPublicKey(ByteString.copyFrom(key.getEncoded()))
                .build());
  }

  /** A country's region: a disk around micro-degree coordinates. */
  public static CountryRegion region(String country, long latMicro, long lonMicro, int km) {
    return CountryRegion.newBuilder()
        .setCountry(country)
        .setLatitudeMicro(latMicro)
        .setLongitudeMicro(lonMicro)
        .setRadiusKm(km)
        .build();
  }

  /**
   * The regions the emulated world's test and benchmark judge against: the US a 2,600 km disk
   * around its geographic centre, Singapore and the Netherlands 300 km, Taiwan 400 km.
   */
  public static List<CountryRegion> worldRegions() {
    return List.of(
        region("US", 39_828_300, -98_579_500, 2_600),
        region("SG", 1_352_100, 103_819_800, 300),
        region("NL", 52_132_600, 5_291_300, 300),
        region("TW", 23_697_800, 120_960_500, 400));
  }

  /** Degrees to the ledger's micro-degrees. */
  public static long micro(double degrees) {
    return Math.round(degrees * 1_000_000);
  }

  /**
   * {@code fab} registers lot {@code lotId}: each serial an H100-class chip whose key pair is
   * {@link ChipKeys#derive ChipKeys.derive(seed, index)}.
   */
  public static void chips(
      LedgerClient fab, String lotId, Map<String, Integer> indices, long seed) {
    RegisterChipsRequest.Builder lot = RegisterChipsRequest.newBuilder().setLotId(lotId);
    indices.forEach(
        (serial, index) ->
            lot.addChips(
                ChipSpec.newBuilder()
                    .setSerial(serial)
                    .setModel("H100")
                    .setTpp(15_832)
                    .setPublicKey(
                        ByteString.copyFrom(ChipKeys.derive(seed, index).getPublic().getEncoded()))
                    .setFirmwareVersion("1.0.0")));
    fab.registerChips(lot.build());
  }
}
