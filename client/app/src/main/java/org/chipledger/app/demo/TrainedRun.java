package org.chipledger.app.demo;

import java.util.List;
import java.util.Locale;
import org.chipledger.proto.ledger.v1.RunActivity;
import org.chipledger.proto.ledger.v1.RunVerdict;

/** A run the compute chapter trained, and how many snapshots its chips took. */
record TrainedRun(String runId, String operator, String site, List<String> chips, int snapshots) {

  String describe(String operatorName) {
    return String.format(
        Locale.ROOT,
        "%s trains run %s on %d chips at %s; its chips take %d snapshots at random times",
        operatorName,
        runId,
        chips.size(),
        site,
        snapshots);
  }

  /** The run's row of the chapter's table: what the chips did, the ledger knows and was judged. */
  List<String> row(RunActivity ledger, RunVerdict verdict) {
    return List.of(
        runId,
        operator,
        site,
        String.valueOf(chips.size()),
        String.valueOf(snapshots),
        String.valueOf(ledger.getSnapshotCount()),
        ledger.getDeclared() ? "yes" : "no",
        verdict == null
            ? "-"
            : verdict.getHonest()
                ? "honest"
                : "dishonest: " + String.join(", ", verdict.getFailedChecksList()));
  }
}
