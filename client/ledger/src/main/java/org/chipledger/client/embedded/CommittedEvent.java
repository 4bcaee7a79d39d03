package org.chipledger.client.embedded;

/**
 * A chaincode event from a committed transaction.
 *
 * @param block the block holding the transaction
 * @param txId the transaction that set the event
 * @param name the event name
 * @param payload the event payload
 */
@SuppressWarnings("ArrayRecordComponent") // like Committed: payload bytes as stored, not copied
public record CommittedEvent(long block, String txId, String name, byte[] payload) {}
