package org.chipledger.client.embedded;

import org.chipledger.chaincode.ledger.ErrorCode;

/**
 * The outcome of re-walking the whole chain and comparing the state store with it.
 *
 * @param blocks blocks checked, including the genesis block
 * @param transactions transactions checked, not counting the genesis configuration
 * @param ok true if every check passed
 * @param problem the first problem found, or empty when ok
 * @param code the CLI's exit code group when not ok: ANCHOR_MISMATCH if the log does not contain
 *     the anchored tip, INTERNAL for any other problem; null when ok
 */
public record VerifyReport(
    long blocks, long transactions, boolean ok, String problem, ErrorCode code) {
  static VerifyReport passed(LogWalk walk) {
    return new VerifyReport(walk.tip().height(), walk.transactions(), true, "", null);
  }

  static VerifyReport failed(LogWalk walk, ErrorCode code, String problem) {
    return new VerifyReport(walk.tip().height(), walk.transactions(), false, problem, code);
  }
}
