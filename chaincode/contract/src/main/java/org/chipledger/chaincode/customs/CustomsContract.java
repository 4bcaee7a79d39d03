package org.chipledger.chaincode.customs;

import java.util.function.BiFunction;
import org.chipledger.chaincode.ledger.ContractFunctions.CustomsFunctions;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferActionRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for customs agencies. */
@Contract(
    name = CustomsFunctions.CONTRACT,
    info = @Info(title = "chipledger customs", version = "1"))
public final class CustomsContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ClearExport(Context ctx, String request) {
    return action(ctx, request, Customs::clearExport);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String EnterImport(Context ctx, String request) {
    return action(ctx, request, Customs::enterImport);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String HoldShipment(Context ctx, String request) {
    return action(ctx, request, Customs::hold);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String ReleaseShipment(Context ctx, String request) {
    return action(ctx, request, Customs::release);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String SeizeShipment(Context ctx, String request) {
    return action(ctx, request, Customs::seize);
  }

  private static String action(
      Context ctx, String request, BiFunction<LedgerState, TransferActionRequest, Transfer> rule) {
    return Tx.run(ctx, request, TransferActionRequest.parser(), "customs action", rule);
  }
}
