package org.chipledger.chaincode.policy;

/**
 * The transactions of the policy contract, named as clients call them ({@code contract:Function}).
 */
public final class PolicyFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "policy";

  public static final String BOOTSTRAP = CONTRACT + ":Bootstrap";
  public static final String SET_POLICY = CONTRACT + ":SetPolicy";
  public static final String GET_POLICY = CONTRACT + ":GetPolicy";

  private PolicyFunctions() {}
}
