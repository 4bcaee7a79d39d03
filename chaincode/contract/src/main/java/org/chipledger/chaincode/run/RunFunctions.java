package org.chipledger.chaincode.run;

/** The transactions of the run contract, named as clients call them ({@code contract:Function}). */
public final class RunFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "run";

  public static final String DECLARE_RUN = CONTRACT + ":DeclareRun";
  public static final String LIST_RUNS = CONTRACT + ":ListRuns";
  public static final String GET_RUN = CONTRACT + ":GetRun";
  public static final String GET_RUN_SNAPSHOTS = CONTRACT + ":GetRunSnapshots";
  public static final String GET_RUN_COMPLIANCE = CONTRACT + ":GetRunCompliance";
  public static final String APPLY_RUN_APPROVAL = CONTRACT + ":ApplyRunApproval";
  public static final String DECIDE_RUN_APPROVAL = CONTRACT + ":DecideRunApproval";
  public static final String GET_RUN_APPROVAL = CONTRACT + ":GetRunApproval";

  private RunFunctions() {}
}
