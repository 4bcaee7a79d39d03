package org.chipledger.agent;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chipledger.chaincode.firmware.FirmwareBuilds;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.snapshot.ChipSignatureCheck;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.chaincode.snapshot.Snapshots;
import org.chipledger.client.identity.ChipRecordSignatures;
import org.chipledger.client.ledger.FirmwareClient;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.FirmwareRegistry;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.chipledger.proto.snapshot.v1.AgentBatch;

/**
 * Seals the journal into batches once per epoch and submits each sealed batch to the ledger until
 * it is committed. Sealing is durable before submission, and a batch keeps its number across
 * retries and restarts, so the ledger's once-per-number rule turns a repeated submission into a
 * no-op rather than a duplicate.
 */
final class BatchPipeline implements AgentMetrics.Backlog {
  private static final Logger LOG = Logger.getLogger(BatchPipeline.class.getName());
  private static final Set<ErrorCode> RECORD_CODES =
      Set.of(
          ErrorCode.MALFORMED_ARGUMENT,
          ErrorCode.CHIP_NOT_FOUND,
          ErrorCode.SNAPSHOT_SIGNATURE_INVALID,
          ErrorCode.SNAPSHOT_REPLAYED,
          ErrorCode.SNAPSHOT_COUNTER_GAP,
          ErrorCode.SNAPSHOT_CHAIN_BROKEN,
          ErrorCode.SNAPSHOT_OUT_OF_ORDER,
          ErrorCode.CHIP_NOT_DEPLOYED_HERE);

  private final AgentStore store;
  private final LedgerClient ledger;
  private final String siteId;
  private final Duration epoch;
  private final AgentMetrics metrics;
  private final Faults faults;
  private final ConcurrentSkipListMap<Long, Long> arrivals;

  /** Sealed batches by first journal position, for proofs. */
  final ConcurrentSkipListMap<Long, AgentBatch> sealed = new ConcurrentSkipListMap<>();

  private long lastSealMillis = System.currentTimeMillis();

  BatchPipeline(
      AgentStore store,
      LedgerClient ledger,
      String siteId,
      Duration epoch,
      AgentMetrics metrics,
      Faults faults,
      ConcurrentSkipListMap<Long, Long> arrivals) {
    this.store = store;
    this.ledger = ledger;
    this.siteId = siteId;
    this.epoch = epoch;
    this.metrics = metrics;
    this.faults = faults;
    this.arrivals = arrivals;
    for (AgentBatch batch : store.batches()) {
      sealed.put(batch.getFirstPosition(), batch);
    }
  }

  /** One round: seal what an epoch has gathered, then push every uncommitted batch. */
  synchronized void tick(boolean force) {
    long now = System.currentTimeMillis();
    boolean epochOver = now - lastSealMillis >= epoch.toMillis();
    long backlog = store.nextPosition() - store.sealedUpTo();
    if (backlog > 0 && (force || epochOver || backlog >= Snapshots.MAX_RECORDS_PER_BATCH)) {
      while (store.nextPosition() > store.sealedUpTo()) {
        seal(now);
      }
      lastSealMillis = now;
    } else if (epochOver) {
      lastSealMillis = now;
    }
    for (AgentBatch batch : sealed.values()) {
      if (!batch.getCommitted() && !submit(batch)) {
        return; // keep ledger order: later batches wait for this one
      }
    }
  }

  private void seal(long now) {
    long from = store.sealedUpTo();
    long to = Math.min(store.nextPosition(), from + Snapshots.MAX_RECORDS_PER_BATCH);
    List<SignedSnapshotRecord> records = store.records(from, to);
    AgentBatch batch =
        AgentBatch.newBuilder()
            .setBatchSeq(store.nextBatchSeq())
            .setEpoch(now / Math.max(1, epoch.toMillis()))
            .setFirstPosition(from)
            .setEndPosition(to)
            .setMerkleRoot(ByteString.copyFrom(root(records)))
            .setRecordCount(records.size())
            .setSealedAtMillis(now)
            .build();
    store.seal(batch);
    sealed.put(from, batch);
    faults.reached(Faults.Point.AFTER_SEAL);
  }

  /** Leaves of a batch: its journal range minus records the ledger refused. */
  List<SignedSnapshotRecord> leaves(AgentBatch batch) {
    List<SignedSnapshotRecord> all =
        store.records(batch.getFirstPosition(), batch.getEndPosition());
    if (batch.getExcludedPositionsCount() == 0) {
      return all;
    }
    Set<Long> excluded = new HashSet<>(batch.getExcludedPositionsList());
    List<SignedSnapshotRecord> leaves = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (!excluded.contains(batch.getFirstPosition() + i)) {
        leaves.add(all.get(i));
      }
    }
    return leaves;
  }

  private boolean submit(AgentBatch batch) {
    List<SignedSnapshotRecord> leaves = leaves(batch);
    if (leaves.isEmpty()) {
      // The ledger refused every record: nothing to commit, and the number is skipped.
      AgentBatch dropped = batch.toBuilder().setCommitted(true).build();
      store.update(dropped);
      sealed.put(dropped.getFirstPosition(), dropped);
      return true;
    }
    try {
      SnapshotBatch committed =
          ledger.submitSnapshotBatch(
              SubmitSnapshotBatchRequest.newBuilder()
                  .setSiteId(siteId)
                  .setBatchSeq(batch.getBatchSeq())
                  .setEpoch(batch.getEpoch())
                  .addAllRecords(leaves)
                  .build());
      faults.reached(Faults.Point.AFTER_LEDGER_COMMIT);
      return markCommitted(batch, committed);
    } catch (LedgerException e) {
      metrics.submitFailed();
      if (e.code() == ErrorCode.SNAPSHOT_BATCH_EXISTS) {
        // Committed before a crash or a lost reply: adopt it if it is ours, byte for byte.
        return markCommitted(batch, ledger.snapshotBatch(siteId, batch.getBatchSeq()));
      }
      if (RECORD_CODES.contains(e.code())) {
        exclude(batch, leaves);
        return false;
      }
      LOG.log(
          Level.WARNING,
          "batch " + batch.getBatchSeq() + " not committed; will retry: " + e.getMessage());
      return false;
    }
  }

  private boolean markCommitted(AgentBatch batch, SnapshotBatch onLedger) {
    if (!onLedger.getMerkleRoot().equals(batch.getMerkleRoot())) {
      throw new IllegalStateException(
          "the ledger's batch "
              + batch.getBatchSeq()
              + " of site "
              + siteId
              + " has a different root from this agent's: the agent store and the ledger disagree");
    }
    long now = System.currentTimeMillis();
    AgentBatch done =
        batch.toBuilder()
            .setCommitted(true)
            .setTxId(onLedger.getTxId())
            .setCommittedAtMillis(now)
            .build();
    store.update(done);
    sealed.put(done.getFirstPosition(), done);
    var firstArrival = arrivals.floorEntry(done.getFirstPosition());
    metrics.committed(
        done.getRecordCount(), firstArrival == null ? 0 : now - firstArrival.getValue());
    // Keep the entry that may still time the first records of the next batch.
    Long keep = arrivals.floorKey(done.getEndPosition());
    if (keep != null) {
      arrivals.headMap(keep).clear();
    }
    return true;
  }

  /** The ledger's approved firmware; none if the ledger cannot say (then only it refuses). */
  private FirmwareRegistry firmwareRegistry() {
    try {
      return FirmwareClient.of(ledger).firmwareRegistry();
    } catch (LedgerException e) {
      LOG.warning("cannot read the ledger's firmware registry: " + e.getMessage());
      return FirmwareRegistry.getDefaultInstance();
    }
  }

  /**
   * The ledger refused some records that the agent had accepted (say, a chip undeployed in
   * between). Finds them with the same rules against the ledger's state and drops them, and every
   * later record of the same chip, from the batch; the rest is resubmitted.
   */
  private void exclude(AgentBatch batch, List<SignedSnapshotRecord> leaves) {
    Set<Long> excluded = new HashSet<>(batch.getExcludedPositionsList());
    Map<String, Optional<ChipSnapshotHead>> heads = new HashMap<>();
    Set<String> broken = new HashSet<>();
    ChipSignatureCheck keyring = new ChipRecordSignatures();
    // Records of unapproved or revoked firmware (issue 16) are refused by the ledger alone.
    FirmwareRegistry firmware = firmwareRegistry();
    List<SignedSnapshotRecord> all =
        store.records(batch.getFirstPosition(), batch.getEndPosition());
    for (int i = 0; i < all.size(); i++) {
      long position = batch.getFirstPosition() + i;
      if (excluded.contains(position)) {
        continue;
      }
      SignedSnapshotRecord signed = all.get(i);
      SnapshotRecord record = SnapshotRules.parse(signed);
      String serial = record.getChipSerial();
      try {
        if (broken.contains(serial)) {
          throw new RuleViolation(ErrorCode.SNAPSHOT_COUNTER_GAP, "an earlier record was refused");
        }
        Chip chip = ledger.chip(serial);
        Optional<ChipSnapshotHead> head =
            heads.computeIfAbsent(
                serial, s -> Optional.of(ledger.chipHead(s)).filter(h -> h.getCounter() > 0));
        var accepted = SnapshotRules.check(signed, record, chip, head, siteId, keyring);
        FirmwareBuilds.requireApproved(firmware, record);
        heads.put(serial, Optional.of(accepted.head(siteId, batch.getBatchSeq())));
      } catch (RuleViolation | LedgerException e) {
        LOG.warning(
            "the ledger refuses record "
                + serial
                + " #"
                + record.getCounter()
                + ": "
                + e.getMessage());
        excluded.add(position);
        broken.add(serial);
      }
    }
    List<SignedSnapshotRecord> kept = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (!excluded.contains(batch.getFirstPosition() + i)) {
        kept.add(all.get(i));
      }
    }
    AgentBatch pruned =
        batch.toBuilder()
            .clearExcludedPositions()
            .addAllExcludedPositions(excluded.stream().sorted().toList())
            .setMerkleRoot(ByteString.copyFrom(root(kept)))
            .setRecordCount(kept.size())
            .build();
    store.update(pruned);
    sealed.put(pruned.getFirstPosition(), pruned);
  }

  static byte[] root(List<SignedSnapshotRecord> records) {
    List<byte[]> leaves = new ArrayList<>(records.size());
    for (SignedSnapshotRecord record : records) {
      leaves.add(record.toByteArray());
    }
    return MerkleTree.of(leaves).root();
  }

  @Override
  public long oldestUncommittedMillis() {
    var first = arrivals.firstEntry();
    return first == null || uncommittedRecords() == 0 ? 0 : first.getValue();
  }

  /** Acknowledged records the ledger has not committed. */
  @Override
  public long uncommittedRecords() {
    long pending = store.nextPosition() - store.sealedUpTo();
    for (AgentBatch batch : sealed.values()) {
      if (!batch.getCommitted()) {
        pending += batch.getRecordCount();
      }
    }
    return pending;
  }
}
