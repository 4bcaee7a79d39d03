package org.chipledger.chaincode.snapshot;

/**
 * The transactions of the snapshot contract, named as clients call them ({@code
 * contract:Function}).
 */
public final class SnapshotFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "snapshot";

  public static final String SUBMIT_SNAPSHOT_BATCH = CONTRACT + ":SubmitSnapshotBatch";
  public static final String GET_CHIP_HEAD = CONTRACT + ":GetChipHead";
  public static final String GET_BATCH = CONTRACT + ":GetBatch";
  public static final String GET_LAST_BATCH = CONTRACT + ":GetLastBatch";

  private SnapshotFunctions() {}
}
