package org.chipledger.chaincode.run;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RunActivity;
import org.chipledger.proto.ledger.v1.RunChip;
import org.chipledger.proto.ledger.v1.Site;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.TrainingRun;

/**
 * Accumulates one batch's snapshots per run id and writes each run's accounting once, so a batch of
 * thousands of records costs one activity write per run. Each snapshot is judged as it commits: it
 * counts as declared only if its run was declared by this site's operator, planned on this chip,
 * and the chip logged the run's start entry first; a later declaration changes none of that.
 */
public final class RunTally {
  private static final String RUN_CHIP = "runchip";

  private final LedgerState state;
  private final Site site;
  private final Policy policy;
  private final Map<String, RunActivity.Builder> touched = new LinkedHashMap<>();
  private final Map<String, Optional<TrainingRun>> runs = new HashMap<>();
  // One registry read per model and batch, not per snapshot.
  private final Map<String, Double> peakRates = new HashMap<>();

  /** A tally of snapshots from {@code site}. */
  public RunTally(LedgerState state, Site site) {
    this.state = state;
    this.site = site;
    this.policy = Policies.current(state);
  }

  /** How one snapshot stands towards its run's declaration. */
  private enum Standing {
    DECLARED,
    UNDECLARED,
    FOREIGN
  }

  /**
   * Counts one accepted snapshot of {@code chip} under its run id, given the chip's previous head:
   * a chip joins a run at its first snapshot under that run id, and each later one adds the chip
   * time since the previous. Reading the head the batch reads anyway keeps the accounting free of
   * extra state reads.
   */
  public void add(SnapshotRecord record, Chip chip, Optional<ChipSnapshotHead> previous) {
    String runId = record.getRunId();
    var chipTime = record.getChipTime();
    RunActivity.Builder activity =
        touched.computeIfAbsent(
            runId,
            id -> {
              RunActivity.Builder b = Runs.activity(state, id).toBuilder();
              b.setDeclared(b.getDeclared() || run(id).isPresent());
              return b;
            });
    if (previous.isPresent() && previous.get().getRunId().equals(runId)) {
      activity.setChipDays(
          activity.getChipDays() + Runs.days(previous.get().getChipTime(), chipTime));
    } else {
      activity.setChipCount(activity.getChipCount() + 1);
    }
    activity.setSnapshotCount(activity.getSnapshotCount() + 1);
    if (!activity.hasFirstSnapshot() || Runs.earlier(chipTime, activity.getFirstSnapshot())) {
      activity.setFirstSnapshot(chipTime);
    }
    if (!activity.hasLastSnapshot() || Runs.earlier(activity.getLastSnapshot(), chipTime)) {
      activity.setLastSnapshot(chipTime);
    }
    RunChip.Builder part = part(runId, record.getChipSerial());
    switch (standing(record, part)) {
      case UNDECLARED -> activity.setUndeclaredSnapshots(activity.getUndeclaredSnapshots() + 1);
      case FOREIGN -> activity.setForeignSnapshots(activity.getForeignSnapshots() + 1);
      case DECLARED -> {}
    }
    if (part.hasLastSnapshot()) {
      // The span from the chip's first to its last snapshot under the run, idle records included:
      // labelling the snapshots in between as idle does not shorten it.
      double days = Runs.days(part.getLastSnapshot(), chipTime);
      activity
          .setBusyChipDays(activity.getBusyChipDays() + days)
          .setBusyFlop(activity.getBusyFlop() + days * 86_400.0 * peakRate(chip.getModel()));
    } else {
      part.setFirstSnapshot(chipTime);
    }
    part.setLastSnapshot(chipTime).setSnapshotCount(part.getSnapshotCount() + 1);
    state.put(partKey(runId, record.getChipSerial()), part.build().toByteArray());
    if (!activity.getSitesList().contains(site.getSiteId())) {
      TreeSet<String> sites = new TreeSet<>(activity.getSitesList());
      sites.add(site.getSiteId());
      activity.clearSites().addAllSites(sites);
      // Undeclared runs too are listed under the site and its operator.
      Runs.index(state, runId, site.getSiteId(), site.getOperatorOrg());
    }
  }

  private Standing standing(SnapshotRecord record, RunChip.Builder part) {
    Optional<TrainingRun> run = run(record.getRunId());
    if (run.isEmpty()) {
      return Standing.UNDECLARED;
    }
    if (!run.get().getOwnerOrg().equals(site.getOperatorOrg())
        || !run.get().getChipSerialsList().contains(record.getChipSerial())) {
      return Standing.FOREIGN;
    }
    if (!record.getRunStartTxId().isEmpty()) {
      boolean namesDeclaration = record.getRunStartTxId().equals(run.get().getTxId());
      part.setStarted(part.getStarted() || namesDeclaration);
      return namesDeclaration ? Standing.DECLARED : Standing.UNDECLARED;
    }
    return part.getStarted() ? Standing.DECLARED : Standing.UNDECLARED;
  }

  private double peakRate(String model) {
    return peakRates.computeIfAbsent(model, m -> PeakRates.flopPerSecond(state, policy, m));
  }

  private Optional<TrainingRun> run(String runId) {
    return runs.computeIfAbsent(runId, id -> Runs.find(state, id));
  }

  private RunChip.Builder part(String runId, String serial) {
    return Records.load(state, partKey(runId, serial), RunChip.parser())
        .map(RunChip::toBuilder)
        .orElseGet(() -> RunChip.newBuilder().setRunId(runId).setChipSerial(serial));
  }

  /** One chip's part in a run, as its snapshots show it. */
  public static Optional<RunChip> part(LedgerState state, String runId, String serial) {
    return Records.load(state, partKey(runId, serial), RunChip.parser());
  }

  private static String partKey(String runId, String serial) {
    return CompositeKeys.of(RUN_CHIP, runId, serial);
  }

  /** Writes the accounting of every run this batch touched; returns their ids. */
  public List<String> write() {
    touched.forEach(
        (id, activity) -> state.put(Runs.activityKey(id), activity.build().toByteArray()));
    return List.copyOf(touched.keySet());
  }
}
