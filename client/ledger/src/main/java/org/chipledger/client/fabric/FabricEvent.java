package org.chipledger.client.fabric;

import org.chipledger.proto.ledger.v1.LedgerEvent;

/**
 * A chipledger event from a transaction committed on the Fabric channel.
 *
 * @param blockNumber the block holding the transaction
 * @param event the event the chaincode set (its {@code tx_id} names the transaction)
 */
public record FabricEvent(long blockNumber, LedgerEvent event) {}
