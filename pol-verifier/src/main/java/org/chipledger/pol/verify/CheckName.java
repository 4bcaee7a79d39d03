package org.chipledger.pol.verify;

/** The named checks of a verification, in report order. Codes are stable. */
public enum CheckName {
  /** The transcript directory loads: manifest parses and is consistent, checkpoint files match. */
  TRANSCRIPT(0),
  /** The manifest hash equals the ledger's commitment for the run. */
  COMMITMENT(1),
  /** The data commitment recomputes from the batches actually supplied. */
  DATA_COMMITMENT(2),
  /** Checkpoint 0 is exactly the initialisation drawn from the committed init seed. */
  INITIALISATION(3),
  /**
   * Segments to replay: top-Q largest updates plus unpredictable random ones; segments not too
   * long.
   */
  SEGMENT_SELECTION(4),
  /** Every selected segment replays to its end checkpoint within ε (normalised L2). */
  SEGMENT_REPLAY(5),
  /** Every chip snapshot of the run is a weight state on the transcript. */
  SNAPSHOTS(6),
  /** FLOPs from the transcript agree with the declaration and the threshold H. */
  COMPUTE(7),
  /**
   * Proof-of-Training-Data memorisation: the loss on a segment's own batches drops more across it
   * than on data not yet trained on. Off unless the Verifier is asked for it.
   */
  MEMORISATION(8);

  private final int code;

  CheckName(int code) {
    this.code = code;
  }

  /** The stable numeric code. */
  public int code() {
    return code;
  }
}
