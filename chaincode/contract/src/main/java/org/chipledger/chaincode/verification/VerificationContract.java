package org.chipledger.chaincode.verification;

import org.chipledger.chaincode.ledger.ContractFunctions.VerificationFunctions;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.proto.ledger.v1.CommitSelectionRequest;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for Proof-of-Learning verification requests and verdicts. */
@Contract(
    name = VerificationFunctions.CONTRACT,
    info = @Info(title = "chipledger proof-of-learning verification", version = "1"))
public final class VerificationContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RequestVerification(Context ctx, String request) {
    return Tx.run(
        ctx,
        request,
        RequestVerificationRequest.parser(),
        "verification request",
        Verifications::request);
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String CommitSelection(Context ctx, String request) {
    return Tx.run(
        ctx,
        request,
        CommitSelectionRequest.parser(),
        "selection commitment",
        Verifications::commitSelection);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetSelectionCommitment(Context ctx, String runId) {
    return Tx.run(ctx, state -> Verifications.selection(state, runId));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RecordVerdict(Context ctx, String request) {
    return Tx.run(ctx, request, RecordVerdictRequest.parser(), "verdict", Verifications::record);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetVerdict(Context ctx, String runId) {
    return Tx.run(ctx, state -> Verifications.verdict(state, runId));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetVerificationRequest(Context ctx, String runId) {
    return Tx.run(ctx, state -> Verifications.verificationRequest(state, runId));
  }
}
