package org.chipledger.client.ledger;

/** The holder's reports about its chips, with the chaincode function each maps to. */
public enum ReportKind {
  LOST("ReportLost"),
  STOLEN("ReportStolen"),
  FOUND("ReportFound"),
  DESTROYED("ReportDestroyed");

  private final String function;

  ReportKind(String function) {
    this.function = function;
  }

  String function() {
    return function;
  }
}
