package org.chipledger.chaincode.chip;

/**
 * The transactions of the chip contract, named as clients call them ({@code contract:Function}).
 */
public final class ChipFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "chip";

  public static final String REGISTER_CHIPS = CONTRACT + ":RegisterChips";
  public static final String GET_CHIP = CONTRACT + ":GetChip";
  public static final String GET_LOT = CONTRACT + ":GetLot";
  public static final String LIST_CHIPS = CONTRACT + ":ListChips";
  public static final String CHIP_HISTORY = CONTRACT + ":ChipHistory";
  public static final String REGISTER_MODEL = CONTRACT + ":RegisterModel";
  public static final String GET_MODEL = CONTRACT + ":GetModel";
  public static final String LIST_MODELS = CONTRACT + ":ListModels";

  private ChipFunctions() {}
}
