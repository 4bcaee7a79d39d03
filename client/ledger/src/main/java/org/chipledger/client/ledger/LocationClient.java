package org.chipledger.client.ledger;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.List;
import org.chipledger.chaincode.ledger.ContractFunctions.LocationFunctions;
import org.chipledger.proto.ledger.v1.Landmark;
import org.chipledger.proto.ledger.v1.LandmarkList;
import org.chipledger.proto.ledger.v1.LocationAttestation;
import org.chipledger.proto.ledger.v1.LocationDecision;
import org.chipledger.proto.ledger.v1.LocationSummary;
import org.chipledger.proto.ledger.v1.RecordAttestationRequest;
import org.chipledger.proto.ledger.v1.RegisterLandmarkRequest;

/** Typed calls of the location contract (issue 21) over a {@link Ledger}, whichever backend. */
public final class LocationClient {
  private final TypedCalls calls;

  public LocationClient(Ledger ledger) {
    this.calls = new TypedCalls(ledger);
  }

  /** The location contract over the ledger another client already holds. */
  public static LocationClient of(LedgerClient client) {
    return new LocationClient(client.ledger());
  }

  /** Registers a landmark server's key and coordinates (secretariat only). */
  public Landmark registerLandmark(Landmark landmark) {
    return submit(
        LocationFunctions.REGISTER_LANDMARK,
        RegisterLandmarkRequest.newBuilder().setLandmark(landmark).build(),
        Landmark.parser());
  }

  /** Records a landmark's signed attestation (the landmark's organisation); its decision. */
  public LocationDecision recordAttestation(LocationAttestation attestation) {
    return submit(
        LocationFunctions.RECORD_ATTESTATION,
        RecordAttestationRequest.newBuilder().setAttestation(attestation).build(),
        LocationDecision.parser());
  }

  public LandmarkList landmarks() {
    return evaluate(LocationFunctions.LIST_LANDMARKS, List.of(), LandmarkList.parser());
  }

  /** The chip's location decision now. */
  public LocationDecision location(String serial) {
    return evaluate(LocationFunctions.GET_LOCATION, List.of(serial), LocationDecision.parser());
  }

  /** Per country, chips consistent, unverified and mismatched. */
  public LocationSummary summary() {
    return evaluate(LocationFunctions.GET_LOCATION_SUMMARY, List.of(), LocationSummary.parser());
  }

  private <T extends Message> T submit(String function, Message request, Parser<T> parser) {
    return calls.submit(function, request, parser);
  }

  private <T extends Message> T evaluate(String function, List<String> args, Parser<T> parser) {
    return calls.evaluate(function, args, parser);
  }
}
