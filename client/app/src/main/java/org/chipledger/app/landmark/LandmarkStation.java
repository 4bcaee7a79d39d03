package org.chipledger.app.landmark;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.chipledger.chaincode.location.ChallengeBytes;
import org.chipledger.client.identity.EcdsaSignatures;
import org.chipledger.client.ledger.LocationClient;
import org.chipledger.proto.ledger.v1.LocationAttestation;
import org.chipledger.proto.location.v1.AttestResponse;
import org.chipledger.proto.location.v1.ChallengeRequest;
import org.chipledger.proto.location.v1.ChallengeResponse;
import org.chipledger.proto.location.v1.ChipChallengeGrpc;

/**
 * One landmark's measurement: a fresh random nonce to the chip through its host's relay, the round
 * trip timed on the monotonic clock, the attestation signed with the landmark's key and recorded on
 * the ledger as the landmark's organisation.
 */
public final class LandmarkStation {
  private static final int NONCE_BYTES = 32;

  private final String landmarkId;
  private final PrivateKey key;
  private final Optional<LocationClient> ledger;
  private final Duration timeout;
  private final SecureRandom random = new SecureRandom();

  public LandmarkStation(
      String landmarkId, PrivateKey key, LocationClient ledger, Duration timeout) {
    this(landmarkId, key, Optional.of(ledger), timeout);
  }

  private LandmarkStation(
      String landmarkId, PrivateKey key, Optional<LocationClient> ledger, Duration timeout) {
    this.landmarkId = landmarkId;
    this.key = key;
    this.ledger = ledger;
    this.timeout = timeout;
  }

  /**
   * A station that measures and signs but records nothing: its {@link #attest} answers carry no
   * decision, and the landmark's organisation records the attestation itself (an emulated landmark
   * in a network namespace of its own, beside an embedded ledger that one process holds).
   */
  public static LandmarkStation measuringOnly(String landmarkId, PrivateKey key, Duration timeout) {
    return new LandmarkStation(landmarkId, key, Optional.empty(), timeout);
  }

  /**
   * Challenges chip {@code serial} through {@code relay}, and records what it measured (unless it
   * only measures).
   */
  public AttestResponse attest(String serial, ChipChallengeGrpc.ChipChallengeBlockingStub relay) {
    LocationAttestation attestation = measure(serial, relay);
    AttestResponse.Builder response = AttestResponse.newBuilder().setAttestation(attestation);
    ledger.ifPresent(l -> response.setDecision(l.recordAttestation(attestation)));
    return response.build();
  }

  /** The signed attestation of one challenge, not yet recorded. */
  public LocationAttestation measure(
      String serial, ChipChallengeGrpc.ChipChallengeBlockingStub relay) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    ChallengeRequest request =
        ChallengeRequest.newBuilder()
            .setSerial(serial)
            .setNonce(ByteString.copyFrom(nonce))
            .build();
    ChipChallengeGrpc.ChipChallengeBlockingStub timed =
        relay.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    long sent = System.nanoTime();
    ChallengeResponse answer = timed.challenge(request);
    long received = System.nanoTime();
    // Rounded up: the bound may only grow from rounding, never shrink.
    long roundTripUs = Math.max(1, (received - sent + 999) / 1000);
    Instant now = Instant.now();
    LocationAttestation body =
        LocationAttestation.newBuilder()
            .setSerial(serial)
            .setNonce(ByteString.copyFrom(nonce))
            .setChipCounter(answer.getCounter())
            .setChipSignature(answer.getSignature())
            .setRoundTripUs(roundTripUs)
            .setLandmarkId(landmarkId)
            .setMeasuredAt(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .build();
    return body.toBuilder()
        .setLandmarkSignature(
            ByteString.copyFrom(EcdsaSignatures.sign(key, ChallengeBytes.landmark(body))))
        .build();
  }

  public String landmarkId() {
    return landmarkId;
  }
}
