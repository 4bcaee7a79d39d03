package org.chipledger.app.inspection;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.FlaggedRunRequest;
import org.chipledger.proto.ledger.v1.LogCheckReport;
import org.chipledger.proto.ledger.v1.LogCheckSummary;
import org.chipledger.proto.ledger.v1.RecordCheck;
import org.chipledger.proto.ledger.v1.RecordFindingRequest;
import org.chipledger.proto.ledger.v1.RecordVerdict;

/**
 * The inspector's record of one sampled chip: checks the chip's NVRAM log against the ledger
 * ({@link LogChecker}), submits the finding, then asks for verification of every run the campaign
 * has flagged and not yet sent, one request per transaction.
 *
 * @param ledger signs the findings and requests as its identity
 * @param grace how long an NVRAM record may wait for its batch before it counts as hidden
 */
public record FindingRecorder(LedgerClient ledger, Duration grace) {
  /** Whether the owner produced the sampled chip. */
  public enum Presence {
    FOUND,
    NOT_FOUND,
    REFUSED
  }

  /**
   * One recorded finding.
   *
   * @param finding what the ledger recorded
   * @param log the log check, when the chip was found
   * @param requestedRuns runs this call sent to verification
   */
  public record Recorded(
      Finding finding, Optional<LogCheckReport> log, List<String> requestedRuns) {}

  /**
   * Records the finding at {@code serial}. A found chip needs its NVRAM log; the serial counts as
   * matching only if the inspector says so and the log's own records carry the same serial.
   */
  public Recorded record(
      String campaignId,
      String serial,
      Presence presence,
      boolean serialMatches,
      boolean tamperEvident,
      Optional<Path> nvram,
      Instant now)
      throws IOException {
    RecordFindingRequest.Builder request =
        RecordFindingRequest.newBuilder()
            .setCampaignId(campaignId)
            .setSerial(serial)
            .setFound(presence == Presence.FOUND)
            .setOwnerRefused(presence == Presence.REFUSED);
    Optional<LogCheckReport> report = Optional.empty();
    if (presence == Presence.FOUND) {
      Path log =
          nvram.orElseThrow(() -> new IllegalArgumentException("a found chip needs its NVRAM log"));
      LogCheckReport checked = new LogChecker(ledger, ProofSource.NONE, grace).check(log, now);
      report = Optional.of(checked);
      boolean logNamesChip =
          checked.getChipSerial().isEmpty() || checked.getChipSerial().equals(serial);
      request
          .setSerialMatches(serialMatches && logNamesChip)
          .setTamperEvident(tamperEvident)
          .setNvramDigest(checked.getNvramDigest())
          .setLog(summary(checked));
    }
    Finding finding = ledger.recordFinding(request.build());
    Campaign campaign = ledger.campaign(campaignId).getCampaign();
    List<String> requested = new ArrayList<>();
    for (String runId : campaign.getRunsFlaggedList()) {
      if (!campaign.getRunsRequestedList().contains(runId)) {
        ledger.requestFlaggedVerification(
            FlaggedRunRequest.newBuilder().setCampaignId(campaignId).setRunId(runId).build());
        requested.add(runId);
      }
    }
    return new Recorded(finding, report, requested);
  }

  /** What of a log check goes on the ledger: counts, run ids and the log's own serial. */
  public static LogCheckSummary summary(LogCheckReport report) {
    int hidden = 0;
    TreeSet<String> runIds = new TreeSet<>();
    for (RecordCheck check : report.getRecordsList()) {
      if (check.getVerdict() == RecordVerdict.RECORD_VERDICT_HIDDEN) {
        hidden++;
      }
      if (!check.getRunId().isEmpty()) {
        runIds.add(check.getRunId());
      }
    }
    return LogCheckSummary.newBuilder()
        .setChecked(true)
        .setClean(report.getClean())
        .setRecords(report.getNvramRecords())
        .setCommitted(report.getCommitted())
        .setPending(report.getPending())
        .setHidden(hidden)
        .setMismatched(report.getViolations() - hidden + report.getChipFindingsCount())
        .addAllRunIds(runIds)
        .setLogSerial(report.getChipSerial())
        .build();
  }
}
