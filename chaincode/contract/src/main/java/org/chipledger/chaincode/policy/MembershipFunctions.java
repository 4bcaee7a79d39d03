package org.chipledger.chaincode.policy;

/**
 * The transactions of the membership contract, named as clients call them ({@code
 * contract:Function}).
 */
public final class MembershipFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "membership";

  public static final String REGISTER_ORGANIZATION = CONTRACT + ":RegisterOrganization";
  public static final String GET_ORGANIZATION = CONTRACT + ":GetOrganization";
  public static final String LIST_ORGANIZATIONS = CONTRACT + ":ListOrganizations";

  private MembershipFunctions() {}
}
