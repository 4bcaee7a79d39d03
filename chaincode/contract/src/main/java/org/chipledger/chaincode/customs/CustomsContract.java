package org.chipledger.chaincode.customs;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.StubState;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for customs agencies. */
@Contract(name = "customs", info = @Info(title = "chipledger customs", version = "1"))
public final class CustomsContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ClearExport(Context ctx, String request) {
    return Args.encode(Customs.clearExport(new StubState(ctx), action(request)));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String EnterImport(Context ctx, String request) {
    return Args.encode(Customs.enterImport(new StubState(ctx), action(request)));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String HoldShipment(Context ctx, String request) {
    return Args.encode(Customs.hold(new StubState(ctx), action(request)));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ReleaseShipment(Context ctx, String request) {
    return Args.encode(Customs.release(new StubState(ctx), action(request)));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String SeizeShipment(Context ctx, String request) {
    return Args.encode(Customs.seize(new StubState(ctx), action(request)));
  }

  private static TransferActionRequest action(String request) {
    return Args.decode(request, TransferActionRequest.parser(), "customs action");
  }
}
