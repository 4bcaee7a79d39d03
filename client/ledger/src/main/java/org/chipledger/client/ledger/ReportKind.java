package org.chipledger.client.ledger;

import org.chipledger.chaincode.ledger.ContractFunctions.CustodyFunctions;

/** The holder's reports about its chips, with the contract function each calls. */
public enum ReportKind {
  LOST(CustodyFunctions.REPORT_LOST),
  STOLEN(CustodyFunctions.REPORT_STOLEN),
  FOUND(CustodyFunctions.REPORT_FOUND),
  DESTROYED(CustodyFunctions.REPORT_DESTROYED);

  private final String function;

  ReportKind(String function) {
    this.function = function;
  }

  String function() {
    return function;
  }
}
