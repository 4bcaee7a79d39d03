package org.chipledger.chaincode.custody;

/**
 * The transactions of the custody contract, named as clients call them ({@code contract:Function}).
 */
public final class CustodyFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "custody";

  public static final String PROPOSE_TRANSFER = CONTRACT + ":ProposeTransfer";
  public static final String ACCEPT_TRANSFER = CONTRACT + ":AcceptTransfer";
  public static final String REJECT_TRANSFER = CONTRACT + ":RejectTransfer";
  public static final String CANCEL_TRANSFER = CONTRACT + ":CancelTransfer";
  public static final String REPORT_LOST = CONTRACT + ":ReportLost";
  public static final String REPORT_STOLEN = CONTRACT + ":ReportStolen";
  public static final String REPORT_FOUND = CONTRACT + ":ReportFound";
  public static final String REPORT_DESTROYED = CONTRACT + ":ReportDestroyed";
  public static final String GET_TRANSFER = CONTRACT + ":GetTransfer";
  public static final String CLEAR_MISSING = CONTRACT + ":ClearMissing";

  private CustodyFunctions() {}
}
