package org.chipledger.client.embedded;

/**
 * The outcome of re-walking the whole chain.
 *
 * @param blocks blocks checked, including the genesis block
 * @param transactions transactions checked, not counting the genesis configuration
 * @param ok true if every check passed
 * @param problem the first problem found, or empty when ok
 */
public record VerifyReport(long blocks, long transactions, boolean ok, String problem) {
  static VerifyReport passed(long blocks, long transactions) {
    return new VerifyReport(blocks, transactions, true, "");
  }

  static VerifyReport failed(long blocks, long transactions, String problem) {
    return new VerifyReport(blocks, transactions, false, problem);
  }
}
