package org.chipledger.client.identity;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts the results of checks that finish in any order back into the order their requests arrived:
 * each request takes a ticket on arrival, and its next step runs only after the steps of every
 * earlier ticket, whichever pool thread finished first. Every ticket taken must be released once,
 * or the ones after it wait forever.
 */
public final class ArrivalOrder {
  private static final Logger LOG = Logger.getLogger(ArrivalOrder.class.getName());

  private final Map<Long, Runnable> ready = new HashMap<>();
  private long issued;
  private long next;

  /** The next ticket, in arrival order. */
  public synchronized long ticket() {
    return issued++;
  }

  /**
   * Runs {@code step} once every earlier ticket's step has run. Steps run one at a time under this
   * object's lock, so they must be short and must not wait for another ticket.
   */
  public synchronized void release(long ticket, Runnable step) {
    if (ticket < next || ticket >= issued || ready.putIfAbsent(ticket, step) != null) {
      throw new IllegalStateException("ticket " + ticket + " was not taken or was released twice");
    }
    for (Runnable due = ready.remove(next); due != null; due = ready.remove(next)) {
      next++;
      try {
        due.run();
      } catch (RuntimeException e) {
        // One step's failure must not stall every later ticket.
        LOG.log(Level.WARNING, "an ordered step failed: " + e, e);
      }
    }
  }

  /** Tickets taken whose steps have not run yet. */
  public synchronized long pending() {
    return issued - next;
  }
}
