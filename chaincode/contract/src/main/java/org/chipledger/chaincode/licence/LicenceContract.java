package org.chipledger.chaincode.licence;

import org.chipledger.chaincode.ledger.ContractFunctions.LicenceFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.proto.ledger.v1.IssueLicenceRequest;
import org.chipledger.proto.ledger.v1.RevokeLicenceRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for export licences. */
@Contract(
    name = LicenceFunctions.CONTRACT,
    info = @Info(title = "chipledger export licences", version = "1"))
public final class LicenceContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String IssueLicence(Context ctx, String request) {
    return Tx.run(ctx, request, IssueLicenceRequest.parser(), "licence", Licences::issue);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RevokeLicence(Context ctx, String request) {
    return Tx.run(ctx, request, RevokeLicenceRequest.parser(), "revocation", Licences::revoke);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetLicence(Context ctx, String licenceId) {
    return Tx.run(ctx, state -> Licences.view(state, licenceId));
  }
}
