package org.chipledger.client.ledger;

/** What customs can do to a shipment, with the chaincode function each maps to. */
public enum CustomsAction {
  CLEAR_EXPORT("ClearExport"),
  ENTER_IMPORT("EnterImport"),
  HOLD("HoldShipment"),
  RELEASE("ReleaseShipment"),
  SEIZE("SeizeShipment");

  private final String function;

  CustomsAction(String function) {
    this.function = function;
  }

  String function() {
    return function;
  }
}
