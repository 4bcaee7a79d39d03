package org.chipledger.app.inspection;

import java.util.Optional;
import org.chipledger.proto.snapshot.v1.InclusionProof;

/** Where an inspector gets inclusion proofs of a chip's records: the datacenter's agent. */
@FunctionalInterface
public interface ProofSource {
  /** No agent asked: the check relies on the ledger's hash chain alone. */
  ProofSource NONE = (serial, counter) -> Optional.empty();

  /** The agent's proof for the record, or empty if it has none. */
  Optional<InclusionProof> proof(String serial, long counter);
}
