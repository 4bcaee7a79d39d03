package org.chipledger.chaincode.firmware;

/**
 * The transactions of the firmware contract, named as clients call them ({@code
 * contract:Function}).
 */
public final class FirmwareFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "firmware";

  public static final String SET_FIRMWARE_KEY = CONTRACT + ":SetFirmwareKey";
  public static final String APPROVE_FIRMWARE = CONTRACT + ":ApproveFirmware";
  public static final String REVOKE_FIRMWARE = CONTRACT + ":RevokeFirmware";
  public static final String GET_FIRMWARE_REGISTRY = CONTRACT + ":GetFirmwareRegistry";

  private FirmwareFunctions() {}
}
