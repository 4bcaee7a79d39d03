package org.chipledger.chaincode.run;

import com.google.protobuf.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.deployment.Deployments;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Paging;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.ListRunsRequest;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.RunActivity;
import org.chipledger.proto.ledger.v1.RunDeclared;
import org.chipledger.proto.ledger.v1.RunPage;
import org.chipledger.proto.ledger.v1.RunSnapshot;
import org.chipledger.proto.ledger.v1.RunSnapshots;
import org.chipledger.proto.ledger.v1.RunView;
import org.chipledger.proto.ledger.v1.Site;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.TrainingRun;

/**
 * Training runs: what an owner declares before training, and what the chips' snapshots show about
 * each run id, declared or not. An undeclared run id in a snapshot is what inspections flag.
 */
public final class Runs {
  private static final String RUN = "run";
  private static final String ACTIVITY = "runact";
  private static final String BY_SITE = "run~site";
  private static final String BY_OWNER = "run~owner";
  private static final byte[] PRESENT = {1};
  private static final String SNAPSHOT = "runsnap";
  private static final String BY_MANIFEST = "run~manifest";
  private static final double SECONDS_PER_DAY = 86_400.0;

  private Runs() {}

  public static TrainingRun declare(LedgerState state, DeclareRunRequest request) {
    Organization owner = Membership.require(state, Role.ROLE_DATACENTER);
    Checks.id("run id", request.getRunId());
    Checks.serials(request.getChipSerialsList());
    Checks.require(
        Double.isFinite(request.getDeclaredFlop()) && request.getDeclaredFlop() > 0,
        ErrorCode.MALFORMED_ARGUMENT,
        "declared FLOP must be a positive number");
    Checks.require(
        request.getManifestHash().size() == 32
            && request.getDataCommitment().size() == 32
            && request.getInitSeedCommitment().size() == 32,
        ErrorCode.MALFORMED_ARGUMENT,
        "manifest hash, data commitment and initialisation-seed commitment must be SHA-256 values"
            + " (32 bytes)");
    Checks.require(
        state.get(runKey(request.getRunId())).isEmpty(),
        ErrorCode.RUN_EXISTS,
        "run " + request.getRunId() + " is already declared");
    String manifestKey =
        CompositeKeys.of(
            BY_MANIFEST, org.chipledger.crypto.Sha256.hex(request.getManifestHash().toByteArray()));
    Optional<byte[]> claimant = state.get(manifestKey);
    Checks.require(
        claimant.isEmpty(),
        ErrorCode.MANIFEST_ALREADY_DECLARED,
        "manifest hash "
            + org.chipledger.crypto.Sha256.hex(request.getManifestHash().toByteArray())
            + " is already declared by run "
            + claimant.map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).orElse(""));
    Site site = Deployments.site(state, request.getSiteId());
    Checks.require(
        site.getOperatorOrg().equals(owner.getOrgId()),
        ErrorCode.NOT_SITE_OPERATOR,
        "site " + site.getSiteId() + " is operated by " + site.getOperatorOrg());
    requireUnclaimed(state, request.getRunId(), owner.getOrgId());
    for (String serial : request.getChipSerialsList()) {
      Chip chip = ChipStore.get(state, serial);
      Checks.require(
          chip.getStatus() == ChipStatus.CHIP_STATUS_DEPLOYED
              && chip.getSiteId().equals(site.getSiteId()),
          ErrorCode.CHIP_NOT_DEPLOYED_HERE,
          "chip " + serial + " is not deployed at site " + site.getSiteId());
    }
    TrainingRun run =
        TrainingRun.newBuilder()
            .setRunId(request.getRunId())
            .setOwnerOrg(owner.getOrgId())
            .setSiteId(site.getSiteId())
            .addAllChipSerials(request.getChipSerialsList())
            .setDeclaredFlop(request.getDeclaredFlop())
            .setManifestHash(request.getManifestHash())
            .setDataCommitment(request.getDataCommitment())
            .setInitSeedCommitment(request.getInitSeedCommitment())
            .setDeclaredAt(state.txTime())
            .setTxId(state.txId())
            .build();
    state.put(runKey(run.getRunId()), run.toByteArray());
    state.put(manifestKey, run.getRunId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RunActivity activity = activity(state, run.getRunId()).toBuilder().setDeclared(true).build();
    state.put(activityKey(run.getRunId()), activity.toByteArray());
    index(state, run.getRunId(), site.getSiteId(), owner.getOrgId());
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setRunDeclared(
                RunDeclared.newBuilder()
                    .setRunId(run.getRunId())
                    .setSiteId(run.getSiteId())
                    .setChipCount(run.getChipSerialsCount())
                    .setDeclaredFlop(run.getDeclaredFlop())));
    return run;
  }

  /**
   * A run id is its declarer's: one already seen in snapshots from a site another operator runs
   * cannot be declared, or the declaration would launder that operator's undeclared run.
   */
  private static void requireUnclaimed(LedgerState state, String runId, String declarer) {
    Approvals.find(state, runId)
        .ifPresent(
            a ->
                Checks.require(
                    a.getOperatorOrg().equals(declarer),
                    ErrorCode.RUN_ID_TAKEN,
                    "run id " + runId + " is in " + a.getOperatorOrg() + "'s application"));
    for (String siteId : activity(state, runId).getSitesList()) {
      String operator = Deployments.site(state, siteId).getOperatorOrg();
      Checks.require(
          operator.equals(declarer),
          ErrorCode.RUN_ID_TAKEN,
          "run id " + runId + " is already in snapshots from site " + siteId + " of " + operator);
    }
  }

  public static Optional<TrainingRun> find(LedgerState state, String runId) {
    return Records.load(state, runKey(Checks.id("run id", runId)), TrainingRun.parser());
  }

  /** Whether the ledger knows the run: declared, or seen in committed snapshots. */
  public static boolean known(LedgerState state, String runId) {
    return find(state, runId).isPresent() || activity(state, runId).getSnapshotCount() > 0;
  }

  /** A run's declaration (if any) and its accounting; unknown to both is RUN_NOT_FOUND. */
  public static RunView view(LedgerState state, String runId) {
    Membership.requireMember(state);
    Optional<TrainingRun> run = find(state, runId);
    RunActivity activity = activity(state, runId);
    if (run.isEmpty() && activity.getSnapshotCount() == 0) {
      throw new RuleViolation(ErrorCode.RUN_NOT_FOUND, "no run " + runId + " on the ledger");
    }
    RunView.Builder view = RunView.newBuilder().setActivity(activity);
    run.ifPresent(view::setRun);
    return view.build();
  }

  /**
   * One page of runs: every run (declared or seen in snapshots) in run-id order, or those of one
   * site or one owner.
   */
  public static RunPage list(LedgerState state, ListRunsRequest request) {
    Membership.requireMember(state);
    Checks.require(
        request.getSiteId().isEmpty() || request.getOwnerOrg().isEmpty(),
        ErrorCode.MALFORMED_ARGUMENT,
        "list runs by site or by owner, not both");
    int pageSize = Paging.size(request.getPageSize());
    String bookmark = Paging.decode(request.getBookmark());
    LedgerState.Page page;
    if (!request.getSiteId().isEmpty()) {
      page =
          state.scan(
              BY_SITE, List.of(Checks.id("site id", request.getSiteId())), pageSize, bookmark);
    } else if (!request.getOwnerOrg().isEmpty()) {
      page =
          state.scan(
              BY_OWNER, List.of(Checks.id("owner", request.getOwnerOrg())), pageSize, bookmark);
    } else {
      page = state.scan(ACTIVITY, List.of(), pageSize, bookmark);
    }
    RunPage.Builder result = RunPage.newBuilder().setBookmark(Paging.encode(page.bookmark()));
    for (LedgerState.Entry entry : page.entries()) {
      String runId = CompositeKeys.lastAttribute(entry.key());
      RunView.Builder view = RunView.newBuilder().setActivity(activity(state, runId));
      find(state, runId).ifPresent(view::setRun);
      result.addRuns(view);
    }
    return result.build();
  }

  static void index(LedgerState state, String runId, String siteId, String ownerOrg) {
    state.put(CompositeKeys.of(BY_SITE, siteId, runId), PRESENT);
    state.put(CompositeKeys.of(BY_OWNER, ownerOrg, runId), PRESENT);
  }

  /**
   * Indexes an accepted snapshot under its run id, so a run's verification can read every weight
   * hash and training step the chips logged for it. Records without a run id are not indexed.
   */
  public static void indexSnapshot(
      LedgerState state, SnapshotRecord record, String siteId, long batchSeq) {
    if (record.getRunId().isEmpty()) {
      return;
    }
    RunSnapshot snapshot =
        RunSnapshot.newBuilder()
            .setChipSerial(record.getChipSerial())
            .setCounter(record.getCounter())
            .setWeightHash(record.getWeightHash())
            .setTrainingStep(record.getTrainingStep())
            .setChipTime(record.getChipTime())
            .setSiteId(siteId)
            .setBatchSeq(batchSeq)
            .build();
    state.put(
        CompositeKeys.of(
            SNAPSHOT,
            record.getRunId(),
            record.getChipSerial(),
            // Zero-padded so that a scan is in counter order.
            String.format(Locale.ROOT, "%020d", record.getCounter())),
        snapshot.toByteArray());
  }

  /**
   * Every committed snapshot under {@code runId}; unknown to both ledger views is RUN_NOT_FOUND.
   */
  public static RunSnapshots snapshots(LedgerState state, String runId) {
    view(state, runId);
    return RunSnapshots.newBuilder()
        .setRunId(runId)
        .addAllSnapshots(
            Records.parseAll(state.scanAll(SNAPSHOT, List.of(runId)), RunSnapshot.parser()))
        .build();
  }

  static RunActivity activity(LedgerState state, String runId) {
    return Records.load(state, activityKey(runId), RunActivity.parser())
        .orElseGet(() -> RunActivity.newBuilder().setRunId(runId).build());
  }

  static boolean earlier(Timestamp a, Timestamp b) {
    return org.chipledger.chaincode.ledger.Times.compare(a, b) < 0;
  }

  static double days(Timestamp from, Timestamp to) {
    double seconds =
        (to.getSeconds() - from.getSeconds()) + (to.getNanos() - from.getNanos()) / 1e9;
    return Math.max(0, seconds) / SECONDS_PER_DAY;
  }

  private static String runKey(String runId) {
    return CompositeKeys.of(RUN, runId);
  }

  static String activityKey(String runId) {
    return CompositeKeys.of(ACTIVITY, runId);
  }
}
