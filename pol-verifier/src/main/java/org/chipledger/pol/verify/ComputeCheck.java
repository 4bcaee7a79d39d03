package org.chipledger.pol.verify;

import java.util.Locale;
import org.chipledger.pol.transcript.Transcript;

/**
 * The compute check: the FLOPs the transcript implies against the declared FLOPs and the threshold
 * H, so that a run cannot declare itself below H when its steps put it above.
 */
final class ComputeCheck {
  private ComputeCheck() {}

  static CheckResult check(RunContext run) {
    Transcript transcript = run.transcript();
    VerifierPolicy policy = run.policy();
    double examples =
        (double) run.manifest().getHyperparameters().getBatchSize() * transcript.steps();
    double computed = transcript.spec().trainingFlopsPerExample() * examples;
    double declared = run.manifest().getDeclaredFlops();
    double gap = Math.abs(declared - computed) / computed;
    double h = run.request().ledgerThresholdFlop().orElse(policy.flopsThresholdH());
    String detail =
        String.format(
            Locale.ROOT,
            "transcript implies %.4e FLOPs (%d per example x %.0f examples; %s), declared %.4e"
                + " (gap %.2f%%); threshold H=%.3e: run is %s H",
            computed,
            transcript.spec().trainingFlopsPerExample(),
            examples,
            transcript.spec().describe(),
            declared,
            100 * gap,
            h,
            computed >= h ? "at or above" : "below");
    if (gap > policy.flopsRelativeTolerance()) {
      return new CheckResult.Failed(CheckName.COMPUTE, detail + "; declaration out of tolerance");
    }
    if (run.request().ledgerDeclaredFlop().isPresent()) {
      // The ledger's declaration, not only the transcript's own claim, must match the steps.
      double onLedger = run.request().ledgerDeclaredFlop().getAsDouble();
      double ledgerGap = Math.abs(onLedger - computed) / computed;
      if (ledgerGap > policy.flopsRelativeTolerance()) {
        return new CheckResult.Failed(
            CheckName.COMPUTE,
            String.format(
                Locale.ROOT,
                "%s; the ledger declaration names %.4e FLOPs (gap %.2f%%)",
                detail,
                onLedger,
                100 * ledgerGap));
      }
    }
    if (declared < h && computed >= h) {
      return new CheckResult.Failed(CheckName.COMPUTE, detail + "; declared below H but is not");
    }
    return new CheckResult.Passed(CheckName.COMPUTE, detail);
  }
}
