package org.chipledger.client.embedded;

/** What each block header of an embedded ledger commits to, chosen when the ledger is created. */
public enum BlockCommitment {
  /** Write-set hash, cumulative state digest and the node's signature: what every ledger uses. */
  SIGNED_STATE(1),
  /**
   * Hash links and data hashes only, as before the state commitment. Only for measuring what the
   * commitment costs (`chipledger bench transfers --no-state-commitment`); such a ledger fails
   * `admin verify`.
   */
  NONE(0);

  private final int code;

  BlockCommitment(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
