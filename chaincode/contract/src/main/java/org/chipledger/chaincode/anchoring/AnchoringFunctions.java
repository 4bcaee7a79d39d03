package org.chipledger.chaincode.anchoring;

/**
 * The transactions of the anchoring contract, named as clients call them ({@code
 * contract:Function}).
 */
public final class AnchoringFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "anchoring";

  public static final String ANCHOR_TIP = CONTRACT + ":AnchorTip";
  public static final String GET_ANCHORED_TIP = CONTRACT + ":GetAnchoredTip";
  public static final String GET_ANCHOR_HISTORY = CONTRACT + ":GetAnchorHistory";

  private AnchoringFunctions() {}
}
