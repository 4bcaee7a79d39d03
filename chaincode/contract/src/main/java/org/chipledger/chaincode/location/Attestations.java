package org.chipledger.chaincode.location;

import com.google.protobuf.Timestamp;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.snapshot.ChipKeyring;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Landmark;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.LocationAttestation;
import org.chipledger.proto.ledger.v1.LocationBound;
import org.chipledger.proto.ledger.v1.LocationDecided;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RecordAttestationRequest;
import org.chipledger.proto.ledger.v1.Role;

/**
 * Records a landmark's attestation: both signatures verify, the nonce is new, the chip's counter
 * advances, and the measurement is fresh; then the chip's location is decided again and the
 * decision is the transaction's event.
 */
public final class Attestations {
  /** Nonces shorter than this could be guessed and precomputed by a chip far away. */
  public static final int MIN_NONCE_BYTES = 16;

  public static final int MAX_NONCE_BYTES = 64;

  /** No round trip on Earth takes a minute; a larger one is a malformed measurement. */
  public static final long MAX_ROUND_TRIP_US = 60_000_000L;

  /** How far a landmark's clock may run ahead of the transaction's. */
  public static final long MAX_FUTURE_SECONDS = 300;

  static final String FRESH = "locfresh";
  private static final String NONCE = "locnonce";
  private static final String LAST = "loclast";
  private static final ChipKeyring KEYS = new ChipKeyring(256);
  private static final HexFormat HEX = HexFormat.of();

  private Attestations() {}

  /** Records an attestation as the landmark's own organisation; returns the chip's decision. */
  public static LocationDecision record(LedgerState state, RecordAttestationRequest request) {
    Organization org = Membership.require(state, Role.ROLE_LANDMARK);
    LocationAttestation a = request.getAttestation();
    Checks.id("serial", a.getSerial());
    Landmark landmark = Landmarks.get(state, a.getLandmarkId());
    Checks.require(
        landmark.getOrgId().equals(org.getOrgId()),
        ErrorCode.UNAUTHORIZED_ROLE,
        "landmark " + landmark.getLandmarkId() + " belongs to " + landmark.getOrgId());
    wellFormed(a);
    Policy policy = Policies.current(state);
    requireFresh(state, policy, a.getMeasuredAt());
    Checks.require(
        KEYS.verify(
            landmark.getPublicKey(),
            ChallengeBytes.landmark(a),
            a.getLandmarkSignature().toByteArray()),
        ErrorCode.ATTESTATION_SIGNATURE_INVALID,
        "the attestation is not signed by landmark " + landmark.getLandmarkId());
    Chip chip = ChipStore.get(state, a.getSerial());
    Checks.require(
        chip.getStatus() != ChipStatus.CHIP_STATUS_DESTROYED,
        ErrorCode.TERMINAL_STATE,
        "chip " + chip.getSerial() + " is destroyed");
    Checks.require(
        KEYS.verify(
            chip.getPublicKey(),
            ChallengeBytes.chip(a.getNonce().toByteArray(), a.getSerial(), a.getChipCounter()),
            a.getChipSignature().toByteArray()),
        ErrorCode.ATTESTATION_SIGNATURE_INVALID,
        "the challenge response is not signed by chip " + chip.getSerial() + "'s registered key");
    String nonceKey = CompositeKeys.of(NONCE, HEX.formatHex(Sha256.of(a.getNonce().toByteArray())));
    Checks.require(
        state.get(nonceKey).isEmpty(),
        ErrorCode.ATTESTATION_REPLAYED,
        "this nonce was attested before: a fresh challenge needs a fresh nonce");
    Optional<LocationAttestation> last =
        Records.load(state, CompositeKeys.of(LAST, a.getSerial()), LocationAttestation.parser());
    Checks.require(
        last.isEmpty() || a.getChipCounter() > last.get().getChipCounter(),
        ErrorCode.ATTESTATION_REPLAYED,
        "chip counter "
            + a.getChipCounter()
            + " does not exceed the chip's last attested counter "
            + last.map(LocationAttestation::getChipCounter).orElse(0L));
    state.put(nonceKey, state.txId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    state.put(CompositeKeys.of(LAST, a.getSerial()), a.toByteArray());
    state.put(CompositeKeys.of(FRESH, a.getSerial(), a.getLandmarkId()), a.toByteArray());
    LocationDecision decision = Locations.decide(state, policy, chip, a);
    Locations.mark(state, decision);
    emit(state, decision);
    return decision;
  }

  private static void wellFormed(LocationAttestation a) {
    int nonce = a.getNonce().size();
    Checks.require(
        nonce >= MIN_NONCE_BYTES && nonce <= MAX_NONCE_BYTES,
        ErrorCode.MALFORMED_ARGUMENT,
        "a nonce is " + MIN_NONCE_BYTES + "-" + MAX_NONCE_BYTES + " bytes, not " + nonce);
    Checks.require(
        a.getRoundTripUs() > 0 && a.getRoundTripUs() <= MAX_ROUND_TRIP_US,
        ErrorCode.MALFORMED_ARGUMENT,
        "round trip " + a.getRoundTripUs() + " µs is not between 1 µs and a minute");
    Checks.require(
        a.hasMeasuredAt(), ErrorCode.MALFORMED_ARGUMENT, "the attestation has no measurement time");
    Checks.require(
        a.getChipSignature().size() <= 128 && a.getLandmarkSignature().size() <= 128,
        ErrorCode.ATTESTATION_SIGNATURE_INVALID,
        "a P-256 signature is at most 72 bytes");
  }

  private static void requireFresh(LedgerState state, Policy policy, Timestamp measuredAt) {
    Timestamp now = state.txTime();
    Checks.require(
        Times.compare(measuredAt, Times.plusSeconds(now, -Locations.windowSeconds(policy))) >= 0,
        ErrorCode.ATTESTATION_REPLAYED,
        "the measurement is older than the policy's freshness window");
    Checks.require(
        Times.compare(measuredAt, Times.plusSeconds(now, MAX_FUTURE_SECONDS)) <= 0,
        ErrorCode.ATTESTATION_REPLAYED,
        "the measurement lies more than " + MAX_FUTURE_SECONDS + " s after the transaction");
  }

  private static void emit(LedgerState state, LocationDecision decision) {
    LocationDecided.Builder event =
        LocationDecided.newBuilder()
            .setSerial(decision.getSerial())
            .setCountry(decision.getCountry())
            .setVerdict(decision.getVerdict());
    for (LocationBound bound : decision.getBoundsList()) {
      event.addLandmarkIds(bound.getLandmarkId());
      if (bound.getExcludesRegion()) {
        event.addExcludingLandmarkIds(bound.getLandmarkId());
      }
    }
    Events.emit(state, LedgerEvent.newBuilder().setLocationDecided(event));
  }

  /** The freshest attestation of each landmark for a chip, as committed. */
  static List<LocationAttestation> latest(LedgerState state, String serial) {
    return Records.parseAll(state.scanAll(FRESH, List.of(serial)), LocationAttestation.parser());
  }
}
