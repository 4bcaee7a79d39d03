package org.chipledger.chaincode.verification;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.StubState;
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
    name = "verification",
    info = @Info(title = "chipledger proof-of-learning verification", version = "1"))
public final class VerificationContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RequestVerification(Context ctx, String request) {
    return Args.encode(
        Verifications.request(
            new StubState(ctx),
            Args.decode(request, RequestVerificationRequest.parser(), "verification request")));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String CommitSelection(Context ctx, String request) {
    return Args.encode(
        Verifications.commitSelection(
            new StubState(ctx),
            Args.decode(request, CommitSelectionRequest.parser(), "selection commitment")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetSelectionCommitment(Context ctx, String runId) {
    return Args.encode(Verifications.selection(new StubState(ctx), runId));
  }

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RecordVerdict(Context ctx, String request) {
    return Args.encode(
        Verifications.record(
            new StubState(ctx), Args.decode(request, RecordVerdictRequest.parser(), "verdict")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetVerdict(Context ctx, String runId) {
    return Args.encode(Verifications.verdict(new StubState(ctx), runId));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetVerificationRequest(Context ctx, String runId) {
    return Args.encode(Verifications.verificationRequest(new StubState(ctx), runId));
  }
}
