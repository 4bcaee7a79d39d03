package org.chipledger.chaincode.inspection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.chipledger.chaincode.chip.ChipLifecycle;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.run.RunRules;
import org.chipledger.chaincode.run.Runs;
import org.chipledger.chaincode.snapshot.Snapshots;
import org.chipledger.chaincode.verification.Verifications;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignState;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.FindingRecorded;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.FlagReason;
import org.chipledger.proto.ledger.v1.FlaggedRunRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.LogCheckSummary;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.RecordFindingRequest;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import org.chipledger.proto.ledger.v1.Role;

/**
 * What an inspector finds at a campaign's sampled chips, and the flags it raises: a chip not
 * produced becomes missing, log and tamper findings are violations, and runs the chip's snapshots
 * name that are undeclared or above H go to Proof-of-Learning verification.
 */
public final class Findings {
  private static final String FINDING = "campaign~finding";

  /** Bounds the run ids one finding may name: every backend keeps transactions small. */
  static final int MAX_RUNS_PER_FINDING = 64;

  /** Verification requests carry at most this much reason text. */
  private static final int MAX_REASON_CHARS = 1000;

  private Findings() {}

  /** The finding recorded on {@code serial} in campaign {@code campaignId}, if any. */
  public static Optional<Finding> find(LedgerState state, String campaignId, String serial) {
    return Records.load(state, CompositeKeys.of(FINDING, campaignId, serial), Finding.parser());
  }

  /** Every finding of a campaign, by serial. */
  static List<Finding> all(LedgerState state, String campaignId) {
    return Records.parseAll(state.scanAll(FINDING, List.of(campaignId)), Finding.parser());
  }

  /**
   * The inspector's finding at one sampled chip, and the flags it raises: a chip not produced (or
   * produced under another serial) is marked missing; tampering, hidden records and a log that
   * disagrees with the ledger are violations; a snapshot of an undeclared run, or of a declared run
   * above the policy's H, sends that run toward verification ({@link #requestVerification}).
   */
  public static Finding record(LedgerState state, RecordFindingRequest request) {
    Organization inspector = Membership.require(state, Role.ROLE_INSPECTOR);
    Campaign campaign = Campaigns.get(state, request.getCampaignId());
    Campaigns.requireInspector(campaign, inspector);
    Campaigns.requireState(campaign, CampaignState.CAMPAIGN_STATE_DRAWN, "given findings");
    String serial = Checks.id("serial", request.getSerial());
    Checks.require(
        campaign.getSampledSerialsList().contains(serial),
        ErrorCode.CHIP_NOT_SAMPLED,
        "chip " + serial + " is not in campaign " + campaign.getCampaignId() + "'s sample");
    String findingKey = CompositeKeys.of(FINDING, campaign.getCampaignId(), serial);
    Checks.require(
        state.get(findingKey).isEmpty(),
        ErrorCode.FINDING_EXISTS,
        "chip " + serial + " already has a finding in campaign " + campaign.getCampaignId());
    validate(request);

    Chip chip = ChipStore.get(state, serial);
    List<Flag> flags = chipFlags(state, chip, campaign, request);
    LogCheckSummary log = request.getLog();
    Campaign.Builder updated = campaign.toBuilder();
    flags.addAll(runFlags(state, serial, log, updated));

    Finding finding =
        Finding.newBuilder()
            .setCampaignId(campaign.getCampaignId())
            .setSerial(serial)
            .setFound(request.getFound())
            .setOwnerRefused(request.getOwnerRefused())
            .setSerialMatches(request.getSerialMatches())
            .setTamperEvident(request.getTamperEvident())
            .setNvramDigest(request.getNvramDigest())
            .setLog(log)
            .addAllFlags(flags)
            .setInspectorOrg(inspector.getOrgId())
            .setRecordedAt(state.txTime())
            .setTxId(state.txId())
            .build();
    state.put(findingKey, finding.toByteArray());
    updated
        .setFindingsRecorded(campaign.getFindingsRecorded() + 1)
        .setFlagsRaised(campaign.getFlagsRaised() + flags.size());
    Campaigns.closeIfDone(state, updated);
    Campaign result = updated.build();
    Campaigns.put(state, result);
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setFindingRecorded(
                FindingRecorded.newBuilder()
                    .setCampaignId(result.getCampaignId())
                    .setSerial(serial)
                    .addAllFlags(flags)
                    .setState(result.getState())));
    return finding;
  }

  /** The flags the chip itself raises: refused, missing, tampered with, or a log that disagrees. */
  private static List<Flag> chipFlags(
      LedgerState state, Chip chip, Campaign campaign, RecordFindingRequest request) {
    String serial = chip.getSerial();
    List<Flag> flags = new ArrayList<>();
    if (request.getOwnerRefused()) {
      flags.add(flag(FlagReason.FLAG_REASON_OWNER_REFUSED, serial, "", "owner refused"));
    } else if (!request.getFound()) {
      flags.add(markMissing(state, chip, campaign, FlagReason.FLAG_REASON_NOT_FOUND, "not found"));
    } else if (!request.getSerialMatches()) {
      flags.add(
          markMissing(
              state,
              chip,
              campaign,
              FlagReason.FLAG_REASON_SERIAL_MISMATCH,
              "the chip produced carries another serial"));
    }
    if (request.getTamperEvident()) {
      flags.add(
          flag(FlagReason.FLAG_REASON_TAMPER_EVIDENT, serial, "", "tamper evidence on the chip"));
    }
    LogCheckSummary log = request.getLog();
    long idleChanges =
        Snapshots.head(state, serial).map(ChipSnapshotHead::getIdleWeightChanges).orElse(0L);
    if (idleChanges > 0) {
      flags.add(
          flag(
              FlagReason.FLAG_REASON_IDLE_WEIGHTS_CHANGED,
              serial,
              "",
              "the weights changed " + idleChanges + " times between idle snapshots"));
    }
    if (log.getHidden() > 0) {
      flags.add(
          flag(
              FlagReason.FLAG_REASON_HIDDEN_RECORDS,
              serial,
              "",
              log.getHidden() + " NVRAM records never reached the ledger"));
    }
    if (log.getMismatched() > 0) {
      flags.add(
          flag(
              FlagReason.FLAG_REASON_LOG_MISMATCH,
              serial,
              "",
              log.getMismatched() + " NVRAM records or chain checks disagree with the ledger"));
    }
    return flags;
  }

  /**
   * The flags the runs named by the chip's snapshots and log raise; flagged runs the ledger knows
   * are added to the campaign, and those already under verification are marked requested.
   */
  private static List<Flag> runFlags(
      LedgerState state, String serial, LogCheckSummary log, Campaign.Builder updated) {
    List<Flag> flags = new ArrayList<>();
    for (String runId : runIds(state, serial, log)) {
      List<Flag> runFlags = RunRules.flags(state, serial, runId);
      if (runFlags.isEmpty()) {
        continue;
      }
      flags.addAll(runFlags);
      // A run the ledger never saw (named only by hidden records) cannot be verified; the hidden
      // records are the violation.
      if (!updated.getRunsFlaggedList().contains(runId) && Runs.known(state, runId)) {
        updated.addRunsFlagged(runId);
      }
      // A run already asked about (by an earlier finding or outside the campaign) needs no request.
      if (!updated.getRunsRequestedList().contains(runId) && verificationStarted(state, runId)) {
        updated.addRunsRequested(runId);
      }
    }
    return flags;
  }

  /**
   * Asks for Proof-of-Learning verification of a run this campaign flagged, through the same rule
   * as any other request, so its one event is {@code VerificationRequested}.
   */
  public static Campaign requestVerification(LedgerState state, FlaggedRunRequest request) {
    Organization inspector = Membership.require(state, Role.ROLE_INSPECTOR);
    Campaign campaign = Campaigns.get(state, request.getCampaignId());
    Campaigns.requireInspector(campaign, inspector);
    String runId = Checks.id("run id", request.getRunId());
    Checks.require(
        campaign.getRunsFlaggedList().contains(runId),
        ErrorCode.RUN_NOT_FLAGGED,
        "campaign " + campaign.getCampaignId() + " flagged no run " + runId);
    Verifications.request(
        state,
        RequestVerificationRequest.newBuilder()
            .setRunId(runId)
            .setReason(reason(state, campaign, runId))
            .build());
    Campaign.Builder updated = campaign.toBuilder().addRunsRequested(runId);
    Campaigns.closeIfDone(state, updated);
    Campaign result = updated.build();
    Campaigns.put(state, result);
    return result;
  }

  private static void validate(RecordFindingRequest request) {
    Checks.require(
        !(request.getFound() && request.getOwnerRefused()),
        ErrorCode.MALFORMED_ARGUMENT,
        "a chip the owner refused to produce cannot have been found");
    LogCheckSummary log = request.getLog();
    if (request.getFound()) {
      Checks.require(
          log.getChecked() && request.getNvramDigest().size() == 32,
          ErrorCode.MALFORMED_ARGUMENT,
          "a found chip needs its log check and the SHA-256 digest of its NVRAM log");
    } else {
      Checks.require(
          !log.getChecked() && request.getNvramDigest().isEmpty() && !request.getTamperEvident(),
          ErrorCode.MALFORMED_ARGUMENT,
          "a chip that was not examined has no log, digest or tamper finding");
    }
    Checks.require(
        log.getRunIdsCount() <= MAX_RUNS_PER_FINDING,
        ErrorCode.MALFORMED_ARGUMENT,
        "more than " + MAX_RUNS_PER_FINDING + " run ids in one finding");
    log.getRunIdsList().forEach(id -> Checks.id("run id", id));
  }

  /** Run ids the chip's log names, and the run of its newest committed snapshot. */
  private static SortedSet<String> runIds(LedgerState state, String serial, LogCheckSummary log) {
    TreeSet<String> runIds = new TreeSet<>(log.getRunIdsList());
    Snapshots.head(state, serial)
        .map(ChipSnapshotHead::getRunId)
        .filter(id -> !id.isEmpty())
        .ifPresent(runIds::add);
    return runIds;
  }

  private static boolean verificationStarted(LedgerState state, String runId) {
    return Verifications.findRequest(state, runId).isPresent()
        || Verifications.findVerdict(state, runId).isPresent();
  }

  private static String reason(LedgerState state, Campaign campaign, String runId) {
    TreeSet<String> reasons = new TreeSet<>();
    TreeSet<String> serials = new TreeSet<>();
    for (Finding finding : all(state, campaign.getCampaignId())) {
      for (Flag flag : finding.getFlagsList()) {
        if (flag.getRunId().equals(runId)) {
          reasons.add(flagName(flag.getReason()));
          serials.add(flag.getSerial());
        }
      }
    }
    String reason =
        "campaign "
            + campaign.getCampaignId()
            + ": "
            + String.join(", ", reasons)
            + " on chip "
            + String.join(", ", serials);
    return reason.length() <= MAX_REASON_CHARS
        ? reason
        : reason.substring(0, MAX_REASON_CHARS - 3) + "...";
  }

  /** Lower-case flag reason for messages ({@code undeclared_run}). */
  public static String flagName(FlagReason reason) {
    return reason.name().replace("FLAG_REASON_", "").toLowerCase(Locale.ROOT);
  }

  private static Flag markMissing(
      LedgerState state, Chip chip, Campaign campaign, FlagReason reason, String what) {
    String detail = what + " at inspection (campaign " + campaign.getCampaignId() + ")";
    if (ChipLifecycle.allowed(chip.getStatus(), ChipStatus.CHIP_STATUS_MISSING)) {
      ChipStore.update(
          state,
          chip,
          chip.toBuilder()
              .setStatus(ChipStatus.CHIP_STATUS_MISSING)
              .setStatusReason(detail)
              .clearSiteId()
              .clearClusterId());
      return flag(reason, chip.getSerial(), "", detail + "; marked missing").toBuilder()
          .setChipMarkedMissing(true)
          .build();
    }
    // It left service since the draw (shipped, lost, ...): its status already says where it is.
    return flag(
        reason,
        chip.getSerial(),
        "",
        detail + "; left " + StatusNames.of(chip.getStatus()) + ", which cannot become missing");
  }

  private static Flag flag(FlagReason reason, String serial, String runId, String detail) {
    return Flag.newBuilder()
        .setReason(reason)
        .setSerial(serial)
        .setRunId(runId)
        .setDetail(detail)
        .build();
  }
}
