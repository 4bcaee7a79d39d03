package org.chipledger.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.chipledger.app.inspection.CampaignSeeds;
import org.chipledger.app.inspection.FindingRecorder;
import org.chipledger.chaincode.inspection.Findings;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.firmware.NvramLog;
import org.chipledger.pol.datacenter.TrainingChips;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.Flag;

/**
 * The compute chapter's inspection campaigns: one per operator for the period, each finding read
 * from the sampled chips' NVRAM logs, and how the page tells them.
 */
record CampaignRound(Cast cast, LedgerClient inspectorate, CampaignSeeds seeds, Path nvram) {
  // Chip records older than this and absent from the ledger count as hidden, not in flight.
  private static final Duration HIDDEN_AFTER = Duration.ofHours(1);

  /**
   * A campaign over {@code owner}'s chips for {@code period}: commit, acknowledge, reveal and draw,
   * then a finding at each sampled chip from its NVRAM log. A chip that never trained has an empty
   * log.
   */
  CampaignView inspect(String owner, String period) throws IOException {
    String campaignId = owner + "-" + period;
    seeds.open(inspectorate, campaignId, owner, period);
    cast.as(owner).acknowledgeCampaign(campaignId);
    Campaign drawn = seeds.reveal(inspectorate, campaignId);
    FindingRecorder recorder = new FindingRecorder(inspectorate, HIDDEN_AFTER);
    for (String serial : drawn.getSampledSerialsList()) {
      Path log = TrainingChips.nvramFile(nvram, serial);
      if (!Files.exists(log)) {
        Files.createDirectories(nvram);
        NvramLog.open(log).close();
      }
      recorder.record(
          campaignId,
          serial,
          FindingRecorder.Presence.FOUND,
          true,
          false,
          Optional.of(log),
          Instant.now());
    }
    return inspectorate.campaign(campaignId);
  }

  /** The page's sentence on one campaign. */
  static String describe(CampaignView view) {
    Campaign c = view.getCampaign();
    long hiddenAt = view.getFindingsList().stream().filter(f -> f.getLog().getHidden() > 0).count();
    return String.format(
        Locale.ROOT,
        "The inspectorate samples %s: Eq. (1) gives s = %d of %,d chips, drawn from its committed"
            + " seed and %s's acknowledgement; %s.",
        c.getOwnerOrg(),
        c.getSampleSize(),
        c.getDrawnPopulation(),
        c.getOwnerOrg(),
        hiddenAt == 0
            ? "every NVRAM log matches the ledger"
            : hiddenAt
                + " of "
                + c.getSampledSerialsCount()
                + " chips hold signed records the ledger never received, of a run nobody"
                + " declared");
  }

  /** One campaign's row of the page's table. */
  static List<String> row(CampaignView view) {
    Campaign c = view.getCampaign();
    Map<String, Integer> flags = new TreeMap<>();
    for (Finding finding : view.getFindingsList()) {
      for (Flag flag : finding.getFlagsList()) {
        flags.merge(Findings.flagName(flag.getReason()), 1, Integer::sum);
      }
    }
    return List.of(
        c.getCampaignId(),
        c.getOwnerOrg(),
        String.format(Locale.ROOT, "%,d", c.getDrawnPopulation()),
        String.valueOf(c.getSampledSerialsCount()),
        flags.isEmpty()
            ? "none"
            : flags.entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", ")),
        c.getRunsRequestedCount() == 0 ? "-" : String.join(", ", c.getRunsRequestedList()));
  }
}
