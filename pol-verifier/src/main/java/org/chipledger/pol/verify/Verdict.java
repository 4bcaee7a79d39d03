package org.chipledger.pol.verify;

import java.util.List;

/**
 * The outcome of a verification, as the caller submits it to the ledger: run id, pass or fail, the
 * evidence hash (SHA-256 of the UTF-8 report text) and the report itself.
 *
 * @param replayedSteps optimizer steps the Verifier re-executed (segments and snapshots)
 * @param trainedSteps optimizer steps of the run, so that the cost fraction can be stated
 * @param finalCheckpointHex SHA-256 of the transcript's last checkpoint file, the model the verdict
 *     is about; empty if the transcript was unreadable
 */
public record Verdict(
    String runId,
    Outcome outcome,
    String evidenceHashHex,
    String reportText,
    List<CheckResult> checks,
    int replayedSteps,
    int trainedSteps,
    String finalCheckpointHex) {

  /** Pass, fail, or a transcript the Verifier refused to read. Codes are stable. */
  public enum Outcome {
    /** No check failed. */
    PASS(0),
    /** At least one check failed. */
    FAIL(1),
    /**
     * The transcript was refused before or while it was read (malformed, oversized, or it made the
     * verification itself fail): no replay evidence either way, and not honest.
     */
    INVALID_TRANSCRIPT(2);

    private final int code;

    Outcome(int code) {
      this.code = code;
    }

    /** The stable numeric code. */
    public int code() {
      return code;
    }
  }

  /** Copies the check list. */
  public Verdict {
    checks = List.copyOf(checks);
  }

  /** True if the verdict is PASS. */
  public boolean passed() {
    return outcome == Outcome.PASS;
  }

  /** The checks that failed. */
  public List<CheckName> failedChecks() {
    return checks.stream()
        .filter(c -> c instanceof CheckResult.Failed)
        .map(CheckResult::check)
        .toList();
  }
}
