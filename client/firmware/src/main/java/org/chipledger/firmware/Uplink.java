package org.chipledger.firmware;

import java.util.Optional;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.snapshot.v1.InclusionProof;

/** How a chip reaches its datacenter's snapshot agent; {@link AgentLink} is the gRPC one. */
public interface Uplink extends AutoCloseable {
  /**
   * Sends one record and blocks until the agent answers, the ack timeout passes or the link fails.
   */
  Delivery deliver(SignedSnapshotRecord record);

  /**
   * Asks the agent for the proof that the ledger committed record {@code counter} of {@code
   * serial}; empty when the agent gives none (unknown record, failed link, or an uplink that cannot
   * ask). The chip checks whatever comes back; nothing here is trusted.
   */
  default Optional<InclusionProof> proof(String serial, long counter) {
    return Optional.empty();
  }

  @Override
  void close();
}
