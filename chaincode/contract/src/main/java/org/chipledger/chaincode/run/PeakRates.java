package org.chipledger.chaincode.run;

import org.chipledger.proto.ledger.v1.Policy;

/**
 * The peak FLOP/s of a chip model, which turns the time chips were busy into compute. Until the
 * ledger keeps a model registry, every model runs at the policy's per-chip rate a (FLOP per day);
 * this is the one place to switch to the registry's per-model figure.
 */
public final class PeakRates {
  private static final double SECONDS_PER_DAY = 86_400.0;

  private PeakRates() {}

  /** Peak FLOP/s of {@code chipModel} under {@code policy}; 0 when the policy names no rate. */
  public static double flopPerSecond(Policy policy, String chipModel) {
    return policy.hasInspection()
        ? policy.getInspection().getChipFlopPerDay() / SECONDS_PER_DAY
        : 0;
  }
}
