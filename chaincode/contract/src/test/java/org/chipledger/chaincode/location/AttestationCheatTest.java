package org.chipledger.chaincode.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.chaincode.location.Geography.ASHBURN_WASHINGTON_KM;
import static org.chipledger.chaincode.location.Geography.SINGAPORE_SINGAPORE_KM;
import static org.chipledger.chaincode.location.Geography.request;
import static org.chipledger.chaincode.location.Geography.roundTripUs;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.testing.ChipSigner;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Landmark;
import org.chipledger.proto.ledger.v1.LocationAttestation;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.RegisterLandmarkRequest;
import org.junit.jupiter.api.Test;

/**
 * Every party cheats: the host replays or forges responses, a landmark organisation records for
 * another's landmark or backdates, a stranger registers a landmark. Each is refused with its code
 * and changes nothing.
 */
class AttestationCheatTest {
  private final Geography geo = new Geography();
  private final World world = geo.world;

  AttestationCheatTest() {
    geo.chipsInUs("SN-1", "SN-2");
  }

  private void refused(ErrorCode code, Caller caller, LocationAttestation a) {
    world.rejected(code, caller, s -> Attestations.record(s, request(a)));
  }

  @Test
  void aReplayedResponseIsRefused() {
    LocationAttestation a =
        geo.attest("SN-1", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, 0));
    LocationDecision first = geo.record(a);
    assertThat(first.getAttestationsList()).containsExactly(a);

    refused(ErrorCode.ATTESTATION_REPLAYED, geo.landmarkUs, a);
    // the chip's freshest attestation is still the one measured, not a second copy of it
    List<LocationAttestation> latest =
        world.tx(world.admin, state -> Attestations.latest(state, "SN-1"));
    assertThat(latest).containsExactly(a);
  }

  @Test
  void aPrecomputedResponseToAnOldNonceIsRefusedEvenWithANewCounter() {
    byte[] nonce = "a-nonce-used-once-only".getBytes(StandardCharsets.UTF_8);
    KeyPair key = geo.chipKeys.get("SN-1");
    geo.record(geo.attest("SN-1", "lm-washington", 1_500, nonce, 1, key));
    // The chip in Singapore signed the same nonce again, ahead of time, for a later challenge.
    refused(
        ErrorCode.ATTESTATION_REPLAYED,
        geo.landmarkUs,
        geo.attest("SN-1", "lm-washington", 1_500, nonce, 2, key));
  }

  @Test
  void aCounterThatDoesNotAdvanceIsRefused() {
    KeyPair key = geo.chipKeys.get("SN-1");
    geo.record(geo.attest("SN-1", "lm-washington", 1_500, bytes("nonce-one-0123456"), 5, key));
    refused(
        ErrorCode.ATTESTATION_REPLAYED,
        geo.landmarkSg,
        geo.attest("SN-1", "lm-singapore", 1_500, bytes("nonce-two-0123456"), 5, key));
  }

  @Test
  void aResponseSignedByAnotherChipIsRefused() {
    // The host answers for SN-1 with SN-2's key (SN-2 sits near the landmark, SN-1 does not).
    refused(
        ErrorCode.ATTESTATION_SIGNATURE_INVALID,
        geo.landmarkUs,
        geo.attest(
            "SN-1",
            "lm-washington",
            1_500,
            bytes("nonce-0123456789ab"),
            1,
            geo.chipKeys.get("SN-2")));
  }

  @Test
  void aRoundTripEditedAfterTheLandmarkSignedIsRefused() {
    LocationAttestation honest =
        geo.attest("SN-1", "lm-singapore", roundTripUs(SINGAPORE_SINGAPORE_KM, 0));
    refused(
        ErrorCode.ATTESTATION_SIGNATURE_INVALID,
        geo.landmarkSg,
        honest.toBuilder().setRoundTripUs(250_000).build());
  }

  @Test
  void anAttestationSignedByAnUnregisteredKeyIsRefused() {
    LocationAttestation body =
        geo.attest("SN-1", "lm-washington", 1_500).toBuilder().clearLandmarkSignature().build();
    refused(
        ErrorCode.ATTESTATION_SIGNATURE_INVALID,
        geo.landmarkUs,
        Geography.signByLandmark(body, ChipSigner.newKeyPair()));
  }

  @Test
  void aLandmarkOrganisationCannotRecordForAnothersLandmark() {
    refused(
        ErrorCode.UNAUTHORIZED_ROLE,
        geo.landmarkSg,
        geo.attest("SN-1", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, 0)));
  }

  @Test
  void onlyLandmarkOrganisationsRecord() {
    refused(
        ErrorCode.UNAUTHORIZED_ROLE,
        world.dcUs,
        geo.attest("SN-1", "lm-washington", roundTripUs(ASHBURN_WASHINGTON_KM, 0)));
  }

  @Test
  void anUnknownLandmarkIsRefused() {
    LocationAttestation a =
        geo.attest("SN-1", "lm-washington", 1_500).toBuilder().setLandmarkId("lm-nowhere").build();
    refused(ErrorCode.LANDMARK_NOT_FOUND, geo.landmarkUs, a);
  }

  @Test
  void aStaleOrFutureMeasurementIsRefused() {
    LocationAttestation a = geo.attest("SN-1", "lm-washington", 1_500);
    KeyPair key = geo.landmarkKeys.get("lm-washington");
    Timestamp old = Times.plusSeconds(geo.now(), -2 * 86_400);
    Timestamp future = Times.plusSeconds(geo.now(), 3_600);
    for (Timestamp at : new Timestamp[] {old, future}) {
      refused(
          ErrorCode.ATTESTATION_REPLAYED,
          geo.landmarkUs,
          Geography.signByLandmark(
              a.toBuilder().clearLandmarkSignature().setMeasuredAt(at).build(), key));
    }
  }

  @Test
  void shortNoncesAndAbsurdRoundTripsAreMalformed() {
    KeyPair key = geo.chipKeys.get("SN-1");
    refused(
        ErrorCode.MALFORMED_ARGUMENT,
        geo.landmarkUs,
        geo.attest("SN-1", "lm-washington", 1_500, bytes("short"), 1, key));
    refused(
        ErrorCode.MALFORMED_ARGUMENT,
        geo.landmarkUs,
        geo.attest("SN-1", "lm-washington", 0, bytes("nonce-0123456789ab"), 1, key));
    refused(
        ErrorCode.MALFORMED_ARGUMENT,
        geo.landmarkUs,
        geo.attest("SN-1", "lm-washington", 61_000_000, bytes("nonce-0123456789ab"), 1, key));
  }

  @Test
  void onlyTheSecretariatRegistersLandmarksOnceEach() {
    Landmark lm =
        Landmark.newBuilder()
            .setLandmarkId("lm-washington")
            .setOrgId("landmark-us")
            .setCountry("US")
            .setPublicKey(ByteString.copyFrom(ChipSigner.newKeyPair().getPublic().getEncoded()))
            .setLatitudeMicro(38_000_000)
            .setLongitudeMicro(-77_000_000)
            .build();
    RegisterLandmarkRequest again = RegisterLandmarkRequest.newBuilder().setLandmark(lm).build();
    world.rejected(ErrorCode.LANDMARK_EXISTS, world.admin, s -> Landmarks.register(s, again));
    RegisterLandmarkRequest other =
        RegisterLandmarkRequest.newBuilder()
            .setLandmark(lm.toBuilder().setLandmarkId("lm-new"))
            .build();
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, geo.landmarkUs, s -> Landmarks.register(s, other));
    world.rejected(
        ErrorCode.WRONG_COUNTRY,
        world.admin,
        s ->
            Landmarks.register(
                s,
                RegisterLandmarkRequest.newBuilder()
                    .setLandmark(lm.toBuilder().setLandmarkId("lm-new").setCountry("SG"))
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s ->
            Landmarks.register(
                s,
                RegisterLandmarkRequest.newBuilder()
                    .setLandmark(
                        lm.toBuilder().setLandmarkId("lm-new").setLatitudeMicro(91_000_000))
                    .build()));
  }

  @Test
  void aPolicyCannotAssumeSignalsFasterThanLight() {
    world.policyRejected(ErrorCode.INVALID_POLICY, p -> p.setLocationKmPerMs(301));
    world.policyRejected(
        ErrorCode.INVALID_POLICY, p -> p.addLocationRegions(Geography.region("US", 0, 0, 100)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
