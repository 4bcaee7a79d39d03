package org.chipledger.chaincode.snapshot;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.deployment.Deployments;
import org.chipledger.chaincode.firmware.FirmwareBuilds;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.run.RunTally;
import org.chipledger.chaincode.run.Runs;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.Site;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.ledger.v1.SnapshotBatchCommitted;
import org.chipledger.proto.ledger.v1.SnapshotBatchKey;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;

/**
 * Batches of snapshot records from a datacenter. A batch commits only if every record in it is
 * valid; otherwise it is refused with each bad record's reason, and nothing changes. Per site,
 * batches commit exactly once and in sequence, so an agent that retries after a crash cannot commit
 * a batch twice.
 */
public final class Snapshots {
  /** Bounds a batch's transaction to a few megabytes on every backend. */
  public static final int MAX_RECORDS_PER_BATCH = 10_000;

  private static final int REASONS_SHOWN = 20;
  private static final String HEAD = "snaphead";
  private static final String BATCH = "snapbatch";
  private static final String LAST_BATCH = "snapsite";

  private Snapshots() {}

  public static SnapshotBatch submitBatch(LedgerState state, SubmitSnapshotBatchRequest request) {
    Organization operator = Membership.require(state, Role.ROLE_DATACENTER);
    Site site = Deployments.site(state, request.getSiteId());
    requireNextBatch(state, operator, site, request);
    int count = request.getRecordsCount();
    Checked checked = checkRecords(state, site, request);
    List<byte[]> leaves = checked.leaves();
    List<String> runIds = checked.tally().write();
    SnapshotBatch batch =
        SnapshotBatch.newBuilder()
            .setSiteId(site.getSiteId())
            .setBatchSeq(request.getBatchSeq())
            .setOperatorOrg(operator.getOrgId())
            .setMerkleRoot(ByteString.copyFrom(MerkleTree.of(leaves).root()))
            .setRecordCount(count)
            .setChipCount(checked.chipCount())
            .setEpoch(request.getEpoch())
            .setCommittedAt(state.txTime())
            .setTxId(state.txId())
            .build();
    state.put(batchKey(batch.getSiteId(), batch.getBatchSeq()), batch.toByteArray());
    state.put(
        CompositeKeys.of(LAST_BATCH, batch.getSiteId()),
        SnapshotBatchKey.newBuilder()
            .setSiteId(batch.getSiteId())
            .setBatchSeq(batch.getBatchSeq())
            .build()
            .toByteArray());
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setSnapshotBatchCommitted(
                SnapshotBatchCommitted.newBuilder().setBatch(batch).addAllRunIds(runIds)));
    return batch;
  }

  /** The site's operator, with a batch of a size it may commit, next in the site's sequence. */
  private static void requireNextBatch(
      LedgerState state, Organization operator, Site site, SubmitSnapshotBatchRequest request) {
    Checks.require(
        site.getOperatorOrg().equals(operator.getOrgId()),
        ErrorCode.NOT_SITE_OPERATOR,
        "site " + site.getSiteId() + " is operated by " + site.getOperatorOrg());
    int count = request.getRecordsCount();
    Checks.require(count > 0, ErrorCode.MALFORMED_ARGUMENT, "the batch has no records");
    Checks.require(
        count <= MAX_RECORDS_PER_BATCH,
        ErrorCode.SNAPSHOT_BATCH_TOO_LARGE,
        count + " records in one batch; the limit is " + MAX_RECORDS_PER_BATCH);
    long last = lastBatchSeq(state, site.getSiteId());
    Checks.require(
        request.getBatchSeq() > last,
        ErrorCode.SNAPSHOT_BATCH_EXISTS,
        "batch "
            + request.getBatchSeq()
            + " of site "
            + site.getSiteId()
            + " is not after its last committed batch "
            + last);
  }

  /** A batch whose records all passed: their bytes, how many chips, and the runs they count to. */
  private record Checked(List<byte[]> leaves, int chipCount, RunTally tally) {}

  /**
   * Checks every record and writes each chip's new head; refuses the batch with the first bad
   * record's code and the reasons of the first few.
   */
  private static Checked checkRecords(
      LedgerState state, Site site, SubmitSnapshotBatchRequest request) {
    int count = request.getRecordsCount();
    ChipSignatureCheck keyring = PrecheckedSignatures.over(new ChipKeyring(count));
    Map<String, Chip> chips = new HashMap<>();
    Set<String> serials = new HashSet<>();
    List<String> reasons = new ArrayList<>();
    ErrorCode first = null;
    RunTally tally = new RunTally(state, site);
    FirmwareBuilds.Gate firmware = new FirmwareBuilds.Gate(state);
    List<byte[]> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SignedSnapshotRecord signed = request.getRecords(i);
      leaves.add(signed.toByteArray());
      try {
        SnapshotRecord record = SnapshotRules.parse(signed);
        Chip chip =
            chips.computeIfAbsent(record.getChipSerial(), serial -> ChipStore.get(state, serial));
        Optional<ChipSnapshotHead> previous = head(state, chip.getSerial());
        SnapshotRules.Accepted accepted =
            SnapshotRules.check(signed, record, chip, previous, site.getSiteId(), keyring);
        firmware.requireApproved(record);
        state.put(
            headKey(chip.getSerial()),
            withWeights(accepted.head(site.getSiteId(), request.getBatchSeq()), record, previous)
                .toByteArray());
        serials.add(chip.getSerial());
        if (!record.getRunId().isEmpty()) {
          tally.add(record, chip, previous);
          Runs.indexSnapshot(state, record, site.getSiteId(), request.getBatchSeq());
        }
      } catch (RuleViolation violation) {
        first = first == null ? violation.code() : first;
        if (reasons.size() < REASONS_SHOWN) {
          reasons.add("record " + i + ": " + violation.getMessage());
        }
      }
    }
    if (first != null) {
      // The whole transaction is discarded, including the heads written above.
      throw new RuleViolation(
          first,
          "batch refused, bad records (first "
              + reasons.size()
              + "): "
              + String.join("; ", reasons));
    }
    return new Checked(leaves, serials.size(), tally);
  }

  /**
   * The head with the record's weight hash, counting one more idle weight change when the weights
   * moved between two idle records: a chip whose weights change while it claims to be idle trained
   * something.
   */
  private static ChipSnapshotHead withWeights(
      ChipSnapshotHead head, SnapshotRecord record, Optional<ChipSnapshotHead> previous) {
    long changes = previous.map(ChipSnapshotHead::getIdleWeightChanges).orElse(0L);
    boolean idleChange =
        record.getRunId().isEmpty()
            && previous.isPresent()
            && previous.get().getRunId().isEmpty()
            && !previous.get().getWeightHash().isEmpty()
            && !previous.get().getWeightHash().equals(record.getWeightHash());
    return head.toBuilder()
        .setWeightHash(record.getWeightHash())
        .setIdleWeightChanges(changes + (idleChange ? 1 : 0))
        .build();
  }

  /** The newest committed record of a chip, if it has snapshotted at all. */
  public static Optional<ChipSnapshotHead> head(LedgerState state, String serial) {
    return Records.load(state, headKey(serial), ChipSnapshotHead.parser());
  }

  /** The head for a query: the chip must exist; a chip with no snapshot has an empty head. */
  public static ChipSnapshotHead headOf(LedgerState state, String serial) {
    Membership.requireMember(state);
    Chip chip = ChipStore.get(state, Checks.id("serial", serial));
    return head(state, chip.getSerial())
        .orElseGet(() -> ChipSnapshotHead.newBuilder().setChipSerial(chip.getSerial()).build());
  }

  public static SnapshotBatch batch(LedgerState state, SnapshotBatchKey key) {
    Membership.requireMember(state);
    return Records.load(
            state,
            batchKey(Checks.id("site id", key.getSiteId()), key.getBatchSeq()),
            SnapshotBatch.parser())
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.SNAPSHOT_NOT_FOUND,
                    "site " + key.getSiteId() + " has no batch " + key.getBatchSeq()));
  }

  /** The site's newest committed batch number; 0 before its first batch. */
  public static long lastBatchSeq(LedgerState state, String siteId) {
    return Records.load(state, CompositeKeys.of(LAST_BATCH, siteId), SnapshotBatchKey.parser())
        .map(SnapshotBatchKey::getBatchSeq)
        .orElse(0L);
  }

  private static String headKey(String serial) {
    return CompositeKeys.of(HEAD, serial);
  }

  /** Zero-padded so that a scan of a site's batches is in sequence order. */
  private static String batchKey(String siteId, long seq) {
    return CompositeKeys.of(BATCH, siteId, String.format(java.util.Locale.ROOT, "%020d", seq));
  }
}
