package org.chipledger.chaincode.snapshot;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/**
 * The checks one snapshot record must pass to extend its chip's hash chain. The chaincode applies
 * them to every record of a batch; the datacenter agent applies the same checks before it
 * acknowledges a record, so a chip learns of a bad record at once.
 */
public final class SnapshotRules {
  /** The previous-record hash of a chip's first record. */
  public static final ByteString GENESIS = ByteString.copyFrom(new byte[32]);

  private SnapshotRules() {}

  /** A record that passed every check, and the hash its chain now continues from. */
  public record Accepted(SnapshotRecord record, ByteString recordHash) {
    /** The chip's head after this record. */
    public ChipSnapshotHead head(String siteId, long batchSeq) {
      return ChipSnapshotHead.newBuilder()
          .setChipSerial(record.getChipSerial())
          .setCounter(record.getCounter())
          .setRecordHash(recordHash)
          .setChipTime(record.getChipTime())
          .setSiteId(siteId)
          .setBatchSeq(batchSeq)
          .setRunId(record.getRunId())
          .setSecurityVersion(record.getSecurityVersion())
          .build();
    }
  }

  /** Parses the signed record bytes; a record that does not parse is malformed. */
  public static SnapshotRecord parse(SignedSnapshotRecord signed) {
    try {
      SnapshotRecord record = SnapshotRecord.parseFrom(signed.getRecord());
      Checks.id("chip serial", record.getChipSerial());
      return record;
    } catch (InvalidProtocolBufferException e) {
      throw new RuleViolation(
          ErrorCode.MALFORMED_ARGUMENT, "snapshot record bytes do not parse: " + e.getMessage());
    }
  }

  /** SHA-256 of the exact record bytes: what the next record's prev_record_hash must name. */
  public static ByteString recordHash(SignedSnapshotRecord signed) {
    return ByteString.copyFrom(Sha256.of(signed.getRecord().toByteArray()));
  }

  /**
   * Checks a record against the chip's ledger entry and its current head.
   *
   * @param chip the chip the record names, as the ledger holds it
   * @param head the chip's newest accepted record, if it has one
   * @param siteId the site of the datacenter that submits the record
   */
  public static Accepted check(
      SignedSnapshotRecord signed,
      SnapshotRecord record,
      Chip chip,
      Optional<ChipSnapshotHead> head,
      String siteId,
      ChipSignatureCheck keyring) {
    String serial = record.getChipSerial();
    String which = "chip " + serial + " record #" + record.getCounter();
    Checks.require(
        record.getWeightHash().size() == 32 && record.getPrevRecordHash().size() == 32,
        ErrorCode.MALFORMED_ARGUMENT,
        which + ": weight and previous-record hashes must be 32 bytes");
    if (!record.getRunId().isEmpty()) {
      Checks.id("run id", record.getRunId());
    }
    Checks.require(
        keyring.verify(
            chip.getPublicKey(),
            signed.getRecord().toByteArray(),
            signed.getSignature().toByteArray()),
        ErrorCode.SNAPSHOT_SIGNATURE_INVALID,
        which + ": the signature is not by the chip's registered key");
    Checks.require(
        chip.getStatus() == ChipStatus.CHIP_STATUS_DEPLOYED && chip.getSiteId().equals(siteId),
        ErrorCode.CHIP_NOT_DEPLOYED_HERE,
        which + ": the chip is " + deployment(chip) + ", not deployed at site " + siteId);
    long expected = head.map(h -> h.getCounter() + 1).orElse(1L);
    Checks.require(
        record.getCounter() >= expected,
        ErrorCode.SNAPSHOT_REPLAYED,
        which + ": the chip's chain is already at #" + (expected - 1));
    Checks.require(
        record.getCounter() == expected,
        ErrorCode.SNAPSHOT_COUNTER_GAP,
        which + ": expected #" + expected + "; records in between are missing or reordered");
    ByteString previous = head.map(ChipSnapshotHead::getRecordHash).orElse(GENESIS);
    Checks.require(
        record.getPrevRecordHash().equals(previous),
        ErrorCode.SNAPSHOT_CHAIN_BROKEN,
        which + ": does not continue the hash chain from #" + (expected - 1));
    Checks.require(
        head.isEmpty() || Times.compare(record.getChipTime(), head.get().getChipTime()) >= 0,
        ErrorCode.SNAPSHOT_OUT_OF_ORDER,
        which + ": its chip time is earlier than record #" + (expected - 1) + "'s");
    long lastVersion = head.map(ChipSnapshotHead::getSecurityVersion).orElse(0L);
    // Unsigned comparison: security versions are uint64 on the wire.
    Checks.require(
        Long.compareUnsigned(record.getSecurityVersion(), lastVersion) >= 0,
        ErrorCode.FIRMWARE_ROLLBACK,
        which
            + ": firmware security version "
            + Long.toUnsignedString(record.getSecurityVersion())
            + " is below the chip's last one, "
            + Long.toUnsignedString(lastVersion));
    return new Accepted(record, recordHash(signed));
  }

  private static String deployment(Chip chip) {
    return chip.getStatus() == ChipStatus.CHIP_STATUS_DEPLOYED
        ? "deployed at site " + chip.getSiteId()
        : chip.getStatus().name();
  }
}
