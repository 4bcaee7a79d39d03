package org.chipledger.chaincode.custody;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferStatus;

/** Reads and writes transfers, keeping the by-status index that the overdue report walks. */
public final class TransferStore {
  private static final String TRANSFER = "transfer";
  private static final String BY_STATUS = "transfer~status";

  private TransferStore() {}

  public static Transfer get(LedgerState state, String transferId) {
    return find(state, transferId)
        .orElseThrow(() -> new RuleViolation(ErrorCode.TRANSFER_NOT_FOUND, notFound(transferId)));
  }

  static Optional<Transfer> find(LedgerState state, String transferId) {
    return Records.load(state, CompositeKeys.of(TRANSFER, transferId), Transfer.parser());
  }

  static String notFound(String transferId) {
    return "no transfer with id " + transferId;
  }

  /** Writes a transfer; {@code before} is null for a new one. */
  public static void save(LedgerState state, Transfer before, Transfer after) {
    state.put(CompositeKeys.of(TRANSFER, after.getTransferId()), after.toByteArray());
    if (before != null && before.getStatus() != after.getStatus()) {
      state.delete(indexKey(before));
    }
    if (before == null || before.getStatus() != after.getStatus()) {
      state.put(indexKey(after), new byte[] {1});
    }
  }

  /** Every transfer currently in a status. */
  public static List<Transfer> withStatus(LedgerState state, TransferStatus status) {
    return state.scanAll(BY_STATUS, List.of(name(status))).stream()
        .map(e -> get(state, CompositeKeys.lastAttribute(e.key())))
        .toList();
  }

  private static String indexKey(Transfer transfer) {
    return CompositeKeys.of(BY_STATUS, name(transfer.getStatus()), transfer.getTransferId());
  }

  static String name(TransferStatus status) {
    return status.name().substring("TRANSFER_STATUS_".length()).toLowerCase(Locale.ROOT);
  }
}
