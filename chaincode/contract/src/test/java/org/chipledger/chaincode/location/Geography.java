package org.chipledger.chaincode.location;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.testing.ChipSigner;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.CountryRegion;
import org.chipledger.proto.ledger.v1.Landmark;
import org.chipledger.proto.ledger.v1.LocationAttestation;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.RecordAttestationRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterLandmarkRequest;

/**
 * A world with landmarks in Washington, Amsterdam and Singapore, regions for US, NL and SG, and
 * chips held by dc-us in the US that sign challenges with their own keys. Round trips are built
 * from hand-known great-circle distances (not from {@link Geo}): 5 µs per km one way at 200 km/ms,
 * times a path inflation of 1.3, plus the 1 ms signing allowance.
 */
final class Geography {
  static final long ALLOWANCE_US = 1_000;

  // Hand-known great-circle distances in km (published figures, rounded).
  static final double ASHBURN_WASHINGTON_KM = 42;
  static final double ASHBURN_AMSTERDAM_KM = 6_208;
  static final double ASHBURN_SINGAPORE_KM = 15_521;
  static final double SINGAPORE_SINGAPORE_KM = 10;

  final World world = new World();
  final Caller landmarkUs = World.caller("USMSP", "landmark-us", "landmark", "US");
  final Caller landmarkNl = World.caller("NLMSP", "landmark-nl", "landmark", "NL");
  final Caller landmarkSg = World.caller("SGMSP", "landmark-sg", "landmark", "SG");
  final Map<String, KeyPair> landmarkKeys = new HashMap<>();
  final Map<String, Caller> landmarkOrgs = new HashMap<>();
  final Map<String, KeyPair> chipKeys = new HashMap<>();
  private final Map<String, Long> counters = new HashMap<>();
  private long nonces;

  Geography() {
    world.setPolicy(
        p ->
            p.addLocationRegions(region("US", 39_828_300, -98_579_500, 2_600))
                .addLocationRegions(region("NL", 52_132_600, 5_291_300, 200))
                .addLocationRegions(region("SG", 1_352_100, 103_819_800, 50))
                .setLocationSigningAllowanceUs((int) ALLOWANCE_US)
                .setLocationFreshnessSeconds(86_400));
    for (Caller c : List.of(landmarkUs, landmarkNl, landmarkSg)) {
      world.register(c);
    }
    landmark("lm-washington", landmarkUs, 38_907_200, -77_036_900);
    landmark("lm-amsterdam", landmarkNl, 52_367_600, 4_904_100);
    landmark("lm-singapore", landmarkSg, 1_352_100, 103_819_800);
  }

  static CountryRegion region(String country, long lat, long lon, int radiusKm) {
    return CountryRegion.newBuilder()
        .setCountry(country)
        .setLatitudeMicro(lat)
        .setLongitudeMicro(lon)
        .setRadiusKm(radiusKm)
        .build();
  }

  Landmark landmark(String id, Caller org, long lat, long lon) {
    KeyPair keys = ChipSigner.newKeyPair();
    landmarkKeys.put(id, keys);
    landmarkOrgs.put(id, org);
    return world.tx(
        world.admin,
        s ->
            Landmarks.register(
                s,
                RegisterLandmarkRequest.newBuilder()
                    .setLandmark(
                        Landmark.newBuilder()
                            .setLandmarkId(id)
                            .setOrgId(org.org())
                            .setCountry(org.country())
                            .setPublicKey(ByteString.copyFrom(keys.getPublic().getEncoded()))
                            .setLatitudeMicro(lat)
                            .setLongitudeMicro(lon))
                    .build()));
  }

  /** Registers chips held (ACTIVE) by dc-us in the US, each with its own key. */
  void chipsInUs(String... serials) {
    RegisterChipsRequest.Builder lot = RegisterChipsRequest.newBuilder().setLotId("LOT-L");
    for (String serial : serials) {
      KeyPair keys = ChipSigner.newKeyPair();
      chipKeys.put(serial, keys);
      lot.addChips(World.spec(serial, 5000, ByteString.copyFrom(keys.getPublic().getEncoded())));
    }
    world.tx(world.fabUs, s -> org.chipledger.chaincode.chip.ChipRegistry.register(s, lot.build()));
    var transfer = world.propose(world.fabUs, "dc-us", List.of(serials), "");
    world.tx(world.dcUs, s -> Transfers.accept(s, World.action(transfer)));
  }

  /** The round trip a chip {@code km} away answers in, plus {@code addedUs} of extra delay. */
  static long roundTripUs(double km, long addedUs) {
    return ALLOWANCE_US + Math.round(2 * km * 5 * 1.3) + addedUs;
  }

  /** A fresh, correctly signed attestation of {@code serial} by {@code landmarkId}. */
  LocationAttestation attest(String serial, String landmarkId, long roundTripUs) {
    byte[] nonce = ("nonce-" + (++nonces) + "-0123456789").getBytes(StandardCharsets.UTF_8);
    long counter = counters.merge(serial, 1L, Long::sum);
    return attest(serial, landmarkId, roundTripUs, nonce, counter, chipKeys.get(serial));
  }

  LocationAttestation attest(
      String serial,
      String landmarkId,
      long roundTripUs,
      byte[] nonce,
      long counter,
      KeyPair chipKey) {
    LocationAttestation body =
        LocationAttestation.newBuilder()
            .setSerial(serial)
            .setNonce(ByteString.copyFrom(nonce))
            .setChipCounter(counter)
            .setChipSignature(sign(chipKey, ChallengeBytes.chip(nonce, serial, counter)))
            .setRoundTripUs(roundTripUs)
            .setLandmarkId(landmarkId)
            .setMeasuredAt(now())
            .build();
    return signByLandmark(body, landmarkKeys.get(landmarkId));
  }

  static LocationAttestation signByLandmark(LocationAttestation body, KeyPair key) {
    return body.toBuilder().setLandmarkSignature(sign(key, ChallengeBytes.landmark(body))).build();
  }

  Timestamp now() {
    return world.ledger.now();
  }

  LocationDecision record(LocationAttestation a) {
    return world.tx(landmarkOrgs.get(a.getLandmarkId()), s -> Attestations.record(s, request(a)));
  }

  static RecordAttestationRequest request(LocationAttestation a) {
    return RecordAttestationRequest.newBuilder().setAttestation(a).build();
  }

  LocationDecision decision(String serial) {
    return world.tx(world.admin, s -> Locations.decide(s, serial));
  }

  static ByteString sign(KeyPair key, byte[] message) {
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(key.getPrivate());
      signer.update(message);
      return ByteString.copyFrom(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
