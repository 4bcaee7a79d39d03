package org.chipledger.chaincode.ledger;

import org.chipledger.proto.ledger.v1.LedgerEvent;

/** Stamps the one event of a transaction with its id, time and actor, and emits it. */
public final class Events {
  private Events() {}

  public static void emit(LedgerState state, LedgerEvent.Builder event) {
    state.emit(
        event
            .setTxId(state.txId())
            .setTimestamp(state.txTime())
            .setActorOrg(state.caller().org())
            .addAllChipMoves(state.chipMoves().moves())
            .build());
  }
}
