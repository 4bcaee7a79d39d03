package org.chipledger.client.ledger;

/**
 * A durably committed transaction.
 *
 * @param txId the transaction id
 * @param blockNumber the block that holds it
 * @param payload the chaincode's response payload
 */
public record Committed(String txId, long blockNumber, byte[] payload) {}
