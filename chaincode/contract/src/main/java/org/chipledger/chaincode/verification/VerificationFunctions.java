package org.chipledger.chaincode.verification;

/**
 * The transactions of the verification contract, named as clients call them ({@code
 * contract:Function}).
 */
public final class VerificationFunctions {
  /** The contract's name on the channel. */
  public static final String CONTRACT = "verification";

  public static final String REQUEST_VERIFICATION = CONTRACT + ":RequestVerification";
  public static final String COMMIT_SELECTION = CONTRACT + ":CommitSelection";
  public static final String GET_SELECTION_COMMITMENT = CONTRACT + ":GetSelectionCommitment";
  public static final String RECORD_VERDICT = CONTRACT + ":RecordVerdict";
  public static final String GET_VERDICT = CONTRACT + ":GetVerdict";
  public static final String GET_VERIFICATION_REQUEST = CONTRACT + ":GetVerificationRequest";

  private VerificationFunctions() {}
}
