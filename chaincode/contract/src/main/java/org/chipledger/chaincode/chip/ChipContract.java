package org.chipledger.chaincode.chip;

import org.chipledger.chaincode.ledger.ContractFunctions.ChipFunctions;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.Tx;
import org.chipledger.proto.ledger.v1.ChipModel;
import org.chipledger.proto.ledger.v1.HistoryRequest;
import org.chipledger.proto.ledger.v1.ListChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** Fabric entry points for the chip directory. */
@Contract(name = ChipFunctions.CONTRACT, info = @Info(title = "chipledger chips", version = "1"))
public final class ChipContract implements ContractInterface {

  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RegisterChips(Context ctx, String request) {
    return Tx.run(ctx, request, RegisterChipsRequest.parser(), "lot", ChipRegistry::register);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetChip(Context ctx, String serial) {
    return Tx.run(ctx, state -> ChipRegistry.get(state, serial));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetLot(Context ctx, String lotId) {
    return Tx.run(
        ctx,
        state ->
            ChipRegistry.lot(state, lotId)
                .orElseThrow(() -> new RuleViolation(ErrorCode.CHIP_NOT_FOUND, "no lot " + lotId)));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListChips(Context ctx, String request) {
    return Tx.run(ctx, request, ListChipsRequest.parser(), "list request", ChipRegistry::list);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ChipHistory(Context ctx, String request) {
    return Tx.run(ctx, request, HistoryRequest.parser(), "history request", ChipRegistry::history);
  }

  /** The secretariat registers a chip model (issue 17 item 8). */
  @Transaction(intent = Transaction.TYPE.SUBMIT)
  public String RegisterModel(Context ctx, String request) {
    return Tx.run(ctx, request, ChipModel.parser(), "chip model", ModelRegistry::register);
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String GetModel(Context ctx, String model) {
    return Tx.run(ctx, state -> ModelRegistry.get(state, model));
  }

  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String ListModels(Context ctx) {
    return Tx.run(ctx, ModelRegistry::list);
  }
}
