package org.chipledger.chaincode.accounting;

import org.chipledger.chaincode.ledger.ContractFunctions.AccountingFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.proto.ledger.v1.UnaccountedRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for the treaty parties' accounting reports. */
@Contract(
    name = AccountingFunctions.CONTRACT,
    info = @Info(title = "chipledger accounting", version = "1"))
public final class AccountingContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String CustodyCounts(Context ctx) {
    return Tx.run(ctx, Accounting::counts);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ProductionReport(Context ctx) {
    return Tx.run(ctx, Accounting::production);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String UnaccountedReport(Context ctx, String request) {
    return Tx.run(
        ctx, request, UnaccountedRequest.parser(), "report request", Accounting::unaccounted);
  }
}
