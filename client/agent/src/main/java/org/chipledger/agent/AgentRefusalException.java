package org.chipledger.agent;

/** A refusal of the agent's own ({@link AgentRefusal}), carried to the record's acknowledgement. */
final class AgentRefusalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final AgentRefusal refusal;

  AgentRefusalException(AgentRefusal refusal, String detail) {
    super(refusal.format(detail));
    this.refusal = refusal;
  }

  AgentRefusal refusal() {
    return refusal;
  }
}
