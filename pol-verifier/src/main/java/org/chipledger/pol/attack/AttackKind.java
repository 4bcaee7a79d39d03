package org.chipledger.pol.attack;

import org.chipledger.pol.verify.CheckName;

/**
 * The known spoofs of a training transcript, each with the check that must catch it. Codes are
 * stable.
 */
public enum AttackKind {
  /**
   * Fang's infinitesimal-update attack: checkpoints on the straight line from W_0 to stolen W_T.
   */
  INTERPOLATED(1, CheckName.SEGMENT_REPLAY),
  /**
   * Fang's initialisation spoof: a genuine init sample permuted to sit close to W_T, then
   * interpolated.
   */
  PERMUTED_INIT(2, CheckName.INITIALISATION),
  /**
   * Zhang-style: stolen W_T, a shorter fabricated history of real SGD segments nudged towards it.
   */
  STOLEN_WEIGHTS_SMALL_STEPS(3, CheckName.SEGMENT_REPLAY),
  /** Other data in the shards, the committed manifest kept. */
  DATA_SUBSTITUTED(4, CheckName.DATA_COMMITMENT),
  /** The batches in another order, committed anew, checkpoints kept. */
  DATA_REORDERED(5, CheckName.SEGMENT_REPLAY),
  /** A learning rate other than the one trained with. */
  LR_LIE(6, CheckName.SEGMENT_REPLAY),
  /**
   * Half the steps claimed (checkpoints relabelled, FLOPs halved) to stay under a compute
   * threshold.
   */
  STEPS_LIE(7, CheckName.SEGMENT_REPLAY),
  /** The declared FLOPs a tenth of the transcript's. */
  FLOPS_UNDERDECLARED(8, CheckName.COMPUTE),
  /**
   * Fang's blindfold top-Q attack: the top-Q segments honest, the rest fabricated small updates.
   */
  TOP_Q_GAMING(9, CheckName.SEGMENT_REPLAY),
  /** The chips' snapshots come from another (hidden) run than the transcript shown. */
  SNAPSHOT_OTHER_RUN(10, CheckName.SNAPSHOTS),
  /** The checkpoints around a chip snapshot removed so it cannot be located cheaply. */
  CHECKPOINTS_REMOVED(11, CheckName.SNAPSHOTS),
  /**
   * Zhang et al. as published: stolen W_T, a history of real SGD steps on crafted adversarial
   * examples from the committed init, under a declaration whose data root names real data ({@link
   * ZhangSpoof}).
   */
  ZHANG_ADVERSARIAL_EXAMPLES(12, CheckName.DATA_COMMITMENT),
  /**
   * Fang et al.'s blindfold top-Q attack as published: q genuine segments an epoch, the rest tiny
   * interpolated ones, the run lengthened until they stay below δ ({@link FangBlindfoldSpoof}).
   */
  FANG_BLINDFOLD_PUBLISHED(13, CheckName.SEGMENT_REPLAY);

  private final int code;
  private final CheckName caughtBy;

  AttackKind(int code, CheckName caughtBy) {
    this.code = code;
    this.caughtBy = caughtBy;
  }

  /** The stable numeric code. */
  public int code() {
    return code;
  }

  /** The check that must fail on this spoof. */
  public CheckName caughtBy() {
    return caughtBy;
  }
}
