package org.chipledger.chaincode.accounting;

/**
 * The transactions of the accounting contract, named as clients call them ({@code
 * contract:Function}).
 */
public final class AccountingFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "accounting";

  public static final String CUSTODY_COUNTS = CONTRACT + ":CustodyCounts";
  public static final String PRODUCTION_REPORT = CONTRACT + ":ProductionReport";
  public static final String UNACCOUNTED_REPORT = CONTRACT + ":UnaccountedReport";

  private AccountingFunctions() {}
}
