package org.chipledger.client.embedded;

/**
 * What {@code admin rebuild-state} did.
 *
 * @param blocks blocks verified and replayed, including the genesis block
 * @param transactions transactions replayed
 * @param setAside where the replaced state store was moved, or empty if there was none
 */
public record RebuildReport(long blocks, long transactions, String setAside) {}
