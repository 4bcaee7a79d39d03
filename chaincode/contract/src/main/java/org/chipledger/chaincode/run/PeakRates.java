package org.chipledger.chaincode.run;

import org.chipledger.chaincode.chip.ModelRegistry;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.proto.ledger.v1.Policy;

/**
 * The peak FLOP/s of a chip model, which turns the time chips were busy into compute: the figure
 * the secretariat registered for the model (issue 17 item 8). A chip registered before the ledger
 * kept a registry has no registered model; it runs at the policy's per-chip rate a (FLOP per day).
 */
public final class PeakRates {
  private static final double SECONDS_PER_DAY = 86_400.0;

  private PeakRates() {}

  /** Peak FLOP/s of {@code chipModel}; 0 when neither the registry nor the policy names a rate. */
  public static double flopPerSecond(LedgerState state, Policy policy, String chipModel) {
    if (!chipModel.isEmpty()) {
      var registered = ModelRegistry.find(state, chipModel);
      if (registered.isPresent()) {
        return registered.get().getPeakFlopPerSecond();
      }
    }
    return policyRate(policy);
  }

  /** The policy's per-chip rate a, in FLOP/s: the rate of chips of no registered model. */
  public static double policyRate(Policy policy) {
    return policy.hasInspection()
        ? policy.getInspection().getChipFlopPerDay() / SECONDS_PER_DAY
        : 0;
  }
}
