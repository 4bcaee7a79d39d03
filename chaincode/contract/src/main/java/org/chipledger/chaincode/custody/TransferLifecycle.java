package org.chipledger.chaincode.custody;

import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_CANCELLED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_COMPLETED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_HELD;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_IN_TRANSIT;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_PROPOSED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_REJECTED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_SEIZED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_UNSPECIFIED;

import java.util.EnumMap;
import java.util.Map;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferStatus;

/**
 * The transfer state machine: for every status and every action on a transfer, the status it moves
 * to or the code it is refused with. {@link Transfers} and the customs rules ask {@link #next}
 * where they always checked the status: after the caller's role and party, before customs' check of
 * jurisdiction (which reads the status). A status change that is not in this table cannot happen.
 *
 * <p>{@link TransferStatus#TRANSFER_STATUS_UNSPECIFIED} stands for a transfer that is not on the
 * ledger yet: only a proposal leaves it.
 */
public final class TransferLifecycle {

  /** What may be done to a transfer, each with a stable lowercase label. */
  public enum Action {
    PROPOSE("propose"),
    ACCEPT("accept"),
    REJECT("reject"),
    CANCEL("cancel"),
    CLEAR_EXPORT("clear-export"),
    ENTER_IMPORT("enter-import"),
    HOLD("hold"),
    RELEASE("release"),
    SEIZE("seize");

    private final String label;

    Action(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One cell of the table: how a transfer moves on an action, or that it may not. */
  public sealed interface Step permits To, Route, Resume, Refused {
    /** The status {@code transfer} moves to, or the refusal. */
    TransferStatus resolve(Transfer transfer);
  }

  /** The transfer moves to a fixed status. */
  public record To(TransferStatus status) implements Step {
    @Override
    public TransferStatus resolve(Transfer transfer) {
      return status;
    }
  }

  /** Acceptance: a domestic transfer completes, a cross-border one waits for customs. */
  public record Route(TransferStatus domestic, TransferStatus crossBorder) implements Step {
    @Override
    public TransferStatus resolve(Transfer transfer) {
      return transfer.getCrossBorder() ? crossBorder : domestic;
    }
  }

  /** The transfer resumes the status it had before a customs hold. */
  public record Resume() implements Step {
    @Override
    public TransferStatus resolve(Transfer transfer) {
      return transfer.getPriorStatus();
    }
  }

  /** The action is refused with this code. */
  public record Refused(ErrorCode code) implements Step {
    @Override
    public TransferStatus resolve(Transfer transfer) {
      String id = transfer.getTransferId();
      String detail =
          switch (code) {
            case TRANSFER_EXISTS -> "transfer " + id + " already exists";
            case TRANSFER_NOT_FOUND -> TransferStore.notFound(id);
            default -> "transfer " + id + " is " + TransferStore.name(transfer.getStatus());
          };
      throw new RuleViolation(code, detail);
    }
  }

  private static final Map<TransferStatus, Map<Action, Step>> TABLE =
      new EnumMap<>(TransferStatus.class);

  static {
    for (TransferStatus status : TransferStatus.values()) {
      if (status == TransferStatus.UNRECOGNIZED) {
        continue;
      }
      Map<Action, Step> row = new EnumMap<>(Action.class);
      for (Action action : Action.values()) {
        row.put(action, new Refused(ErrorCode.INVALID_TRANSFER_STATE));
      }
      // Every transfer on the ledger blocks a new one with its id.
      row.put(Action.PROPOSE, new Refused(ErrorCode.TRANSFER_EXISTS));
      TABLE.put(status, row);
    }
    Map<Action, Step> absent = TABLE.get(TRANSFER_STATUS_UNSPECIFIED);
    absent.replaceAll((action, step) -> new Refused(ErrorCode.TRANSFER_NOT_FOUND));
    absent.put(Action.PROPOSE, new To(TRANSFER_STATUS_PROPOSED));

    Map<Action, Step> proposed = TABLE.get(TRANSFER_STATUS_PROPOSED);
    proposed.put(
        Action.ACCEPT, new Route(TRANSFER_STATUS_COMPLETED, TRANSFER_STATUS_AWAITING_EXPORT));
    proposed.put(Action.REJECT, new To(TRANSFER_STATUS_REJECTED));
    proposed.put(Action.CANCEL, new To(TRANSFER_STATUS_CANCELLED));

    // Until export clearance the sender may still call the shipment off.
    Map<Action, Step> awaitingExport = TABLE.get(TRANSFER_STATUS_AWAITING_EXPORT);
    awaitingExport.put(Action.CANCEL, new To(TRANSFER_STATUS_CANCELLED));
    awaitingExport.put(Action.CLEAR_EXPORT, new To(TRANSFER_STATUS_IN_TRANSIT));
    awaitingExport.put(Action.HOLD, new To(TRANSFER_STATUS_HELD));
    awaitingExport.put(Action.SEIZE, new To(TRANSFER_STATUS_SEIZED));

    Map<Action, Step> inTransit = TABLE.get(TRANSFER_STATUS_IN_TRANSIT);
    inTransit.put(Action.ENTER_IMPORT, new To(TRANSFER_STATUS_COMPLETED));
    inTransit.put(Action.HOLD, new To(TRANSFER_STATUS_HELD));
    inTransit.put(Action.SEIZE, new To(TRANSFER_STATUS_SEIZED));

    Map<Action, Step> held = TABLE.get(TRANSFER_STATUS_HELD);
    held.put(Action.RELEASE, new Resume());
    held.put(Action.SEIZE, new To(TRANSFER_STATUS_SEIZED));

    // Release from seizure returns the chips to the sender: the transfer did not happen.
    TABLE.get(TRANSFER_STATUS_SEIZED).put(Action.RELEASE, new To(TRANSFER_STATUS_CANCELLED));
  }

  private TransferLifecycle() {}

  /** The table's cell for a status and an action. */
  public static Step step(TransferStatus from, Action action) {
    Map<Action, Step> row = TABLE.get(from);
    return row == null ? new Refused(ErrorCode.INVALID_TRANSFER_STATE) : row.get(action);
  }

  /**
   * The status {@code transfer} moves to on {@code action}, or a {@link RuleViolation} with the
   * table's code. A transfer not on the ledger yet is passed with its id and no status.
   */
  public static TransferStatus next(Transfer transfer, Action action) {
    return step(transfer.getStatus(), action).resolve(transfer);
  }
}
