package org.chipledger.chaincode.location;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Landmark;
import org.chipledger.proto.ledger.v1.LandmarkList;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.RegisterLandmarkRequest;
import org.chipledger.proto.ledger.v1.Role;

/**
 * The landmark registry: the secretariat registers each landmark server's key and coordinates for
 * an organisation of role landmark in the landmark's country.
 */
public final class Landmarks {
  private static final String LANDMARK = "landmark";

  private Landmarks() {}

  /** Registers a landmark; only the consortium's secretariat may. */
  public static Landmark register(LedgerState state, RegisterLandmarkRequest request) {
    Policies.requireConsortiumAdmin(state);
    Landmark landmark = request.getLandmark();
    Checks.id("landmark id", landmark.getLandmarkId());
    Checks.country("landmark country", landmark.getCountry());
    Checks.require(
        Geo.valid(landmark.getLatitudeMicro(), landmark.getLongitudeMicro()),
        ErrorCode.MALFORMED_ARGUMENT,
        "landmark coordinates must lie within ±90,000,000 and ±180,000,000 micro-degrees");
    requireP256(landmark.getPublicKey());
    Organization org =
        Membership.find(state, landmark.getOrgId())
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ErrorCode.UNKNOWN_ORGANIZATION,
                        "organisation " + landmark.getOrgId() + " is not registered"));
    Checks.require(
        org.getRolesList().contains(Role.ROLE_LANDMARK),
        ErrorCode.UNAUTHORIZED_ROLE,
        "organisation " + org.getOrgId() + " is not registered with role landmark");
    Checks.require(
        org.getCountry().equals(landmark.getCountry()),
        ErrorCode.WRONG_COUNTRY,
        "a landmark of " + org.getOrgId() + " stands in " + org.getCountry());
    Checks.require(
        find(state, landmark.getLandmarkId()).isEmpty(),
        ErrorCode.LANDMARK_EXISTS,
        "landmark " + landmark.getLandmarkId() + " is already registered");
    Landmark stored =
        landmark.toBuilder()
            .setMspId(org.getMspId())
            .setRegisteredAt(state.txTime())
            .setTxId(state.txId())
            .build();
    state.put(key(landmark.getLandmarkId()), stored.toByteArray());
    return stored;
  }

  /** Every registered landmark, in id order. */
  public static LandmarkList list(LedgerState state) {
    return LandmarkList.newBuilder()
        .addAllLandmarks(Records.parseAll(state.scanAll(LANDMARK, List.of()), Landmark.parser()))
        .build();
  }

  public static Optional<Landmark> find(LedgerState state, String landmarkId) {
    return Records.load(state, key(landmarkId), Landmark.parser());
  }

  /** The landmark, or LANDMARK_NOT_FOUND. */
  public static Landmark get(LedgerState state, String landmarkId) {
    Checks.id("landmark id", landmarkId);
    return find(state, landmarkId)
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.LANDMARK_NOT_FOUND, "no landmark " + landmarkId + " is registered"));
  }

  private static String key(String landmarkId) {
    return CompositeKeys.of(LANDMARK, landmarkId);
  }

  private static void requireP256(ByteString der) {
    Checks.p256Key(der, "the landmark key");
  }
}
