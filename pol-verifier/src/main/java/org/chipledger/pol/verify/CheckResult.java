package org.chipledger.pol.verify;

/** The outcome of one named check, with a human-readable detail line. */
public sealed interface CheckResult {
  /** Which check. */
  CheckName check();

  /** What was found, for the report. */
  String detail();

  /** The report tag: PASS, FAIL or SKIP. */
  String tag();

  /** The check ran and found nothing wrong. */
  record Passed(CheckName check, String detail) implements CheckResult {
    @Override
    public String tag() {
      return "PASS";
    }
  }

  /** The check ran and found the transcript wrong. */
  record Failed(CheckName check, String detail) implements CheckResult {
    @Override
    public String tag() {
      return "FAIL";
    }
  }

  /**
   * The check could not run, e.g. because its input was not given or the transcript was rejected.
   */
  record Skipped(CheckName check, String detail) implements CheckResult {
    @Override
    public String tag() {
      return "SKIP";
    }
  }
}
