package org.chipledger.chaincode.location;

import org.chipledger.chaincode.ledger.ContractFunctions.LocationFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.RecordAttestationRequest;
import org.chipledger.proto.ledger.v1.RegisterLandmarkRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for landmarks, location attestations and location decisions. */
@Contract(
    name = LocationFunctions.CONTRACT,
    info = @Info(title = "chipledger location", version = "1"))
public final class LocationContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RegisterLandmark(Context ctx, String request) {
    return Tx.run(ctx, request, RegisterLandmarkRequest.parser(), "landmark", Landmarks::register);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RecordAttestation(Context ctx, String request) {
    return Tx.run(
        ctx,
        request,
        RecordAttestationRequest.parser(),
        "location attestation",
        Attestations::record);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListLandmarks(Context ctx) {
    return Tx.run(ctx, Membership.membersOnly(Landmarks::list));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetLocation(Context ctx, String serial) {
    return Tx.run(ctx, Membership.membersOnly(state -> Locations.decide(state, serial)));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetLocationSummary(Context ctx) {
    return Tx.run(ctx, Membership.membersOnly(Locations::summary));
  }
}
