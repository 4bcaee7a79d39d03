package org.chipledger.firmware;

import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;

/** How a chip reaches its datacenter's snapshot agent; {@link AgentLink} is the gRPC one. */
public interface Uplink extends AutoCloseable {
  /**
   * Sends one record and blocks until the agent answers, the ack timeout passes or the link fails.
   */
  Delivery deliver(SignedSnapshotRecord record);

  @Override
  void close();
}
