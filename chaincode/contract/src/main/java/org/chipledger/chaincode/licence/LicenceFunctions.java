package org.chipledger.chaincode.licence;

/**
 * The transactions of the licence contract, named as clients call them ({@code contract:Function}).
 */
public final class LicenceFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "licence";

  public static final String ISSUE_LICENCE = CONTRACT + ":IssueLicence";
  public static final String REVOKE_LICENCE = CONTRACT + ":RevokeLicence";
  public static final String GET_LICENCE = CONTRACT + ":GetLicence";

  private LicenceFunctions() {}
}
