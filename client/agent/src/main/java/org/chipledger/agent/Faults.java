package org.chipledger.agent;

/**
 * Named points in the agent's durability path where a crash test stops the process with kill -9;
 * production agents use {@link #NONE}.
 */
@FunctionalInterface
public interface Faults {
  /** No faults: every point is a no-op. */
  Faults NONE = point -> {};

  /** Where in the durability path the agent is. */
  enum Point {
    /** A group of records is about to be written to the journal; a throw here fails the write. */
    BEFORE_JOURNAL_WRITE,
    /** A record is durable in the journal; its acknowledgement has not been sent. */
    AFTER_PERSIST,
    /** A record's acknowledgement has been sent; it is not yet in a sealed batch. */
    AFTER_ACK,
    /** A batch is sealed in the store; it has not been submitted. */
    AFTER_SEAL,
    /** The ledger committed a batch; the agent has not yet recorded that. */
    AFTER_LEDGER_COMMIT
  }

  void reached(Point point);
}
