package org.chipledger.chaincode.deployment;

/**
 * The transactions of the deployment contract, named as clients call them ({@code
 * contract:Function}).
 */
public final class DeploymentFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "deployment";

  public static final String REGISTER_SITE = CONTRACT + ":RegisterSite";
  public static final String DEPLOY_CHIPS = CONTRACT + ":DeployChips";
  public static final String UNDEPLOY_CHIPS = CONTRACT + ":UndeployChips";
  public static final String GET_SITE = CONTRACT + ":GetSite";

  private DeploymentFunctions() {}
}
