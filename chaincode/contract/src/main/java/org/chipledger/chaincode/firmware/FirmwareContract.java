package org.chipledger.chaincode.firmware;

import org.chipledger.chaincode.ledger.ContractFunctions.FirmwareFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.proto.ledger.v1.ApproveFirmwareRequest;
import org.chipledger.proto.ledger.v1.RevokeFirmwareRequest;
import org.chipledger.proto.ledger.v1.SetFirmwareKeyRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for the treaty firmware key and the approved firmware builds. */
@Contract(
    name = FirmwareFunctions.CONTRACT,
    info = @Info(title = "chipledger firmware", version = "1"))
public final class FirmwareContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String SetFirmwareKey(Context ctx, String request) {
    return Tx.run(
        ctx, request, SetFirmwareKeyRequest.parser(), "firmware key", FirmwareBuilds::setKey);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ApproveFirmware(Context ctx, String request) {
    return Tx.run(
        ctx, request, ApproveFirmwareRequest.parser(), "firmware build", FirmwareBuilds::approve);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RevokeFirmware(Context ctx, String request) {
    return Tx.run(
        ctx,
        request,
        RevokeFirmwareRequest.parser(),
        "firmware revocation",
        FirmwareBuilds::revoke);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetFirmwareRegistry(Context ctx) {
    return Tx.run(ctx, FirmwareBuilds::registry);
  }
}
