package org.chipledger.chaincode.chip;

import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.StubState;
import org.chipledger.proto.ledger.v1.HistoryRequest;
import org.chipledger.proto.ledger.v1.ListChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for the chip directory. */
@Contract(name = "chip", info = @Info(title = "chipledger chips", version = "1"))
public final class ChipContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RegisterChips(Context ctx, String request) {
    return Args.encode(
        ChipRegistry.register(
            new StubState(ctx), Args.decode(request, RegisterChipsRequest.parser(), "lot")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetChip(Context ctx, String serial) {
    return Args.encode(ChipRegistry.get(new StubState(ctx), serial));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetLot(Context ctx, String lotId) {
    return Args.encode(
        ChipRegistry.lot(new StubState(ctx), lotId)
            .orElseThrow(() -> new RuleViolation(ErrorCode.CHIP_NOT_FOUND, "no lot " + lotId)));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListChips(Context ctx, String request) {
    return Args.encode(
        ChipRegistry.list(
            new StubState(ctx), Args.decode(request, ListChipsRequest.parser(), "list request")));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ChipHistory(Context ctx, String request) {
    return Args.encode(
        ChipRegistry.history(
            new StubState(ctx), Args.decode(request, HistoryRequest.parser(), "history request")));
  }
}
