package org.chipledger.client.ledger;

import org.chipledger.chaincode.ledger.ContractFunctions.CustomsFunctions;

/** What customs can do to a shipment, with the contract function each calls. */
public enum CustomsAction {
  CLEAR_EXPORT(CustomsFunctions.CLEAR_EXPORT),
  ENTER_IMPORT(CustomsFunctions.ENTER_IMPORT),
  HOLD(CustomsFunctions.HOLD_SHIPMENT),
  RELEASE(CustomsFunctions.RELEASE_SHIPMENT),
  SEIZE(CustomsFunctions.SEIZE_SHIPMENT);

  private final String function;

  CustomsAction(String function) {
    this.function = function;
  }

  String function() {
    return function;
  }
}
