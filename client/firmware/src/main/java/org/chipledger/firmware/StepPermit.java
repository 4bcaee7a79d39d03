package org.chipledger.firmware;

import java.time.Duration;

/** Whether the firmware lets the trainer take its next step. */
public sealed interface StepPermit {
  /** Training may go on. */
  record Proceed() implements StepPermit {}

  /**
   * Training waits: {@code unanchored} records have no proof that the ledger committed them, the
   * oldest for {@code waiting}, longer than the grace window.
   */
  record Paused(long unanchored, Duration waiting) implements StepPermit {}
}
