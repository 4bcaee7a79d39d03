package org.chipledger.chaincode.customs;

/**
 * The transactions of the customs contract, named as clients call them ({@code contract:Function}).
 */
public final class CustomsFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "customs";

  public static final String CLEAR_EXPORT = CONTRACT + ":ClearExport";
  public static final String ENTER_IMPORT = CONTRACT + ":EnterImport";
  public static final String HOLD_SHIPMENT = CONTRACT + ":HoldShipment";
  public static final String RELEASE_SHIPMENT = CONTRACT + ":ReleaseShipment";
  public static final String SEIZE_SHIPMENT = CONTRACT + ":SeizeShipment";

  private CustomsFunctions() {}
}
