package org.chipledger.agent;

/**
 * The agent's own refusals, beside the ledger's {@code ErrorCode}s: each is about the agent's
 * capacity or health, never about the record, so the chip keeps the record in NVRAM and resends it.
 * Numbers start at 200 so that they never meet an {@code ErrorCode} number.
 */
public enum AgentRefusal {
  /** The chip sent more records than its rate allows. */
  AGENT_RATE_LIMITED(201),
  /** The journal's queue is full. */
  AGENT_BUSY(202),
  /** The journal cannot be written: nothing is acknowledged until it can. */
  AGENT_JOURNAL_FAILING(203),
  /** The client holds as many concurrent streams as it may. */
  AGENT_STREAM_LIMIT(204),
  /** The agent's budget of ledger lookups for chips it does not know is spent for now. */
  AGENT_LOOKUP_BUDGET(205);

  private final int number;

  AgentRefusal(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** {@code NAME(number): detail}, the form of every agent refusal's message. */
  public String format(String detail) {
    return name() + "(" + number + "): " + detail;
  }
}
