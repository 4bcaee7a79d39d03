package org.chipledger.app.inspection;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chipledger.chaincode.snapshot.ChipKeyring;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.ledger.FirmwareClient;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.firmware.NvramEntry;
import org.chipledger.firmware.NvramLog;
import org.chipledger.firmware.NvramScan;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.LogCheckReport;
import org.chipledger.proto.ledger.v1.RecordCheck;
import org.chipledger.proto.ledger.v1.RecordVerdict;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.snapshot.v1.InclusionProof;

/**
 * The inspector's check of a chip's NVRAM log against the ledger: is every record the chip made
 * committed, and if not, which records are hidden, altered, replayed or out of order.
 *
 * <p>The ledger keeps each chip's chain head, so when the head's hash equals the chip's own record
 * at that counter, the whole chain up to it is proven (the records are hash-linked). An agent's
 * inclusion proofs add which batch, under which committed Merkle root, holds each record.
 */
public final class LogChecker {
  private final LedgerClient ledger;
  private final ProofSource proofs;
  private final Duration grace;
  private final ChipKeyring keyring = new ChipKeyring(16);

  /**
   * @param grace how long a record may wait for its batch before it counts as hidden
   */
  public LogChecker(LedgerClient ledger, ProofSource proofs, Duration grace) {
    this.ledger = ledger;
    this.proofs = proofs;
    this.grace = grace;
  }

  /** What one check knows of the chip from the ledger, and the batches it has fetched so far. */
  private record Ledgered(
      Chip chip,
      ChipSnapshotHead head,
      boolean chainMatches,
      Map<Long, Long> batchOf,
      Map<String, SnapshotBatch> batches) {}

  /** Checks the NVRAM log at {@code nvram} as of {@code now}. */
  public LogCheckReport check(Path nvram, Instant now) throws IOException {
    NvramScan scan = NvramLog.scan(nvram);
    LogCheckReport.Builder report =
        LogCheckReport.newBuilder()
            .setNvramDigest(ByteString.copyFrom(NvramLog.digest(nvram)))
            .setNvramRecords(scan.entries().size())
            .setTornBytes(scan.tornBytes());
    List<NvramEntry> entries = scan.entries();
    if (entries.isEmpty()) {
      return report.setClean(true).build();
    }
    String serial = entries.get(0).record().getChipSerial();
    Chip chip = ledger.chip(serial);
    ChipSnapshotHead head = ledger.chipHead(serial);
    report.setChipSerial(serial).setLedgerHead(head);
    boolean chainMatches = chainFindings(report, serial, head, entries);
    FirmwareFindings.add(report, entries, FirmwareClient.of(ledger).firmwareRegistry());
    Ledgered known = new Ledgered(chip, head, chainMatches, new HashMap<>(), new HashMap<>());
    Instant hiddenBefore = now.minus(grace);
    for (NvramEntry entry : entries) {
      report.addRecords(judge(entry, known, hiddenBefore));
    }
    return summarise(report).build();
  }

  /**
   * Adds what is wrong with the ledger's chain as a whole; returns whether the ledger's head is the
   * chip's own record at that counter (or the ledger has none).
   */
  private static boolean chainFindings(
      LogCheckReport.Builder report,
      String serial,
      ChipSnapshotHead head,
      List<NvramEntry> entries) {
    long last = entries.get(entries.size() - 1).counter();
    Optional<NvramEntry> atHead =
        entries.stream().filter(e -> e.counter() == head.getCounter()).findFirst();
    boolean chainMatches =
        head.getCounter() == 0
            || atHead.map(e -> e.recordHash().equals(head.getRecordHash())).orElse(false);
    if (head.getCounter() > last) {
      report.addChipFindings(
          "LEDGER_AHEAD: the ledger's chain of "
              + serial
              + " is at #"
              + head.getCounter()
              + " but the chip made only "
              + last
              + " records: the ledger holds records this chip never made");
    } else if (!chainMatches) {
      report.addChipFindings(
          "CHAIN_DIVERGES: the ledger's head #"
              + head.getCounter()
              + " is not the chip's record #"
              + head.getCounter()
              + ": the committed chain differs from the chip's own");
    }
    return chainMatches;
  }

  /** The verdict on one NVRAM record. */
  private RecordCheck.Builder judge(NvramEntry entry, Ledgered known, Instant hiddenBefore) {
    RecordCheck.Builder check =
        RecordCheck.newBuilder()
            .setCounter(entry.counter())
            .setChipTime(entry.record().getChipTime())
            .setRecordHash(entry.recordHash())
            .setRunId(entry.record().getRunId());
    SignedSnapshotRecord signed = entry.signed();
    if (!keyring.verify(
        known.chip().getPublicKey(),
        signed.getRecord().toByteArray(),
        signed.getSignature().toByteArray())) {
      check
          .setVerdict(RecordVerdict.RECORD_VERDICT_ALTERED)
          .setDetail("the NVRAM record is not signed by the chip's registered key");
    } else if (entry.counter() > known.head().getCounter()) {
      Instant made =
          Instant.ofEpochSecond(
              entry.record().getChipTime().getSeconds(), entry.record().getChipTime().getNanos());
      boolean old = made.isBefore(hiddenBefore);
      check
          .setVerdict(
              old ? RecordVerdict.RECORD_VERDICT_HIDDEN : RecordVerdict.RECORD_VERDICT_PENDING)
          .setDetail(
              old
                  ? "made "
                      + made
                      + ", older than the "
                      + grace
                      + " grace period, and not on the ledger"
                  : "made " + made + "; its batch may not have committed yet");
    } else {
      judgeCommitted(entry, check, known.chainMatches(), known.batchOf(), known.batches());
    }
    return check;
  }

  private void judgeCommitted(
      NvramEntry entry,
      RecordCheck.Builder check,
      boolean chainMatches,
      Map<Long, Long> batchOf,
      Map<String, SnapshotBatch> batches) {
    String serial = entry.record().getChipSerial();
    Optional<InclusionProof> proof = proofs.proof(serial, entry.counter());
    if (proof.isEmpty() || !proof.get().getCommitted()) {
      judgeByChain(check, chainMatches);
      return;
    }
    InclusionProof p = proof.get();
    if (!p.getSignedRecord().equals(entry.signed().toByteString())) {
      long presented = counterOf(p.getSignedRecord());
      check
          .setVerdict(
              presented != entry.counter()
                  ? RecordVerdict.RECORD_VERDICT_REPLAYED
                  : RecordVerdict.RECORD_VERDICT_ALTERED)
          .setDetail(
              presented != entry.counter()
                  ? "the agent presents record #" + presented + " in this record's place"
                  : "the agent's record #" + entry.counter() + " differs from the chip's");
      return;
    }
    SnapshotBatch batch =
        batches.computeIfAbsent(
            p.getSiteId() + "/" + p.getBatchSeq(),
            k -> ledger.snapshotBatch(p.getSiteId(), p.getBatchSeq()));
    boolean proves =
        MerkleTree.verify(
            p.getSignedRecord().toByteArray(),
            p.getLeafIndex(),
            batch.getRecordCount(),
            p.getAuditPathList().stream().map(ByteString::toByteArray).toList(),
            batch.getMerkleRoot().toByteArray());
    Long previousBatch = batchOf.get(entry.counter() - 1);
    batchOf.put(entry.counter(), p.getBatchSeq());
    check.setBatchSeq(p.getBatchSeq());
    if (!proves) {
      check
          .setVerdict(RecordVerdict.RECORD_VERDICT_ALTERED)
          .setDetail(
              "the proof does not verify against batch " + p.getBatchSeq() + "'s committed root");
    } else if (previousBatch != null && previousBatch > p.getBatchSeq()) {
      check
          .setVerdict(RecordVerdict.RECORD_VERDICT_OUT_OF_ORDER)
          .setDetail(
              "committed in batch "
                  + p.getBatchSeq()
                  + ", before its predecessor's "
                  + previousBatch);
    } else {
      check
          .setVerdict(RecordVerdict.RECORD_VERDICT_COMMITTED)
          .setDetail(
              "in batch " + p.getBatchSeq() + " of site " + p.getSiteId() + ", proof verified");
    }
  }

  /** A record under the ledger's head with no committed inclusion proof: the hash chain decides. */
  private void judgeByChain(RecordCheck.Builder check, boolean chainMatches) {
    boolean asked = proofs != ProofSource.NONE;
    if (!chainMatches) {
      check
          .setVerdict(RecordVerdict.RECORD_VERDICT_ALTERED)
          .setDetail("the ledger's chain passes this counter but does not continue the chip's own");
    } else if (asked) {
      check
          .setVerdict(RecordVerdict.RECORD_VERDICT_UNPROVEN)
          .setDetail("the ledger's hash chain covers it, but the agent has no inclusion proof");
    } else {
      check
          .setVerdict(RecordVerdict.RECORD_VERDICT_COMMITTED)
          .setDetail("proven by the ledger's hash chain");
    }
  }

  private static long counterOf(ByteString signedRecord) {
    try {
      return SnapshotRules.parse(SignedSnapshotRecord.parseFrom(signedRecord)).getCounter();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      return -1;
    }
  }

  private static LogCheckReport.Builder summarise(LogCheckReport.Builder report) {
    int committed = 0;
    int pending = 0;
    int violations = 0;
    for (RecordCheck check : report.getRecordsList()) {
      switch (check.getVerdict()) {
        case RECORD_VERDICT_COMMITTED -> committed++;
        case RECORD_VERDICT_PENDING -> pending++;
        default -> violations++;
      }
    }
    return report
        .setCommitted(committed)
        .setPending(pending)
        .setViolations(violations)
        .setClean(violations == 0 && report.getChipFindingsCount() == 0);
  }
}
