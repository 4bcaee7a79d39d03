package org.chipledger.firmware;

/** What the chip made of a proof that the ledger committed one of its records. */
public sealed interface ProofVerdict {
  /** The proof holds: the record is in a batch committed in block {@code block}. */
  record Anchored(long block) implements ProofVerdict {}

  /** The proof does not hold; the record stays pending. */
  record Refused(String reason) implements ProofVerdict {}
}
