package org.chipledger.firmware;

import java.time.Duration;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/** What became of one record sent to the agent. */
public sealed interface Delivery {
  /** The agent answered; the ack says whether it accepted the record. */
  record Answered(SubmitAck ack) implements Delivery {}

  /** No answer within the ack timeout; the agent may or may not hold the record. */
  record TimedOut(Duration after) implements Delivery {}

  /** The stream failed or could not be opened. */
  record LinkFailed(String reason) implements Delivery {}
}
