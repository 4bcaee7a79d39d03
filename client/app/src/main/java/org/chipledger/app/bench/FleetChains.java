package org.chipledger.app.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.util.SplittableRandom;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/**
 * The simulated fleet's chips: each one's record chain (counter and head) and its signing, with
 * random weight hashes and chip clocks running {@code accelerate} times faster than the wall.
 */
final class FleetChains {
  private final Fleet fleet;
  private final long seed;
  private final double accelerate;
  private final long[] counters;
  private final ByteString[] heads;
  private final SplittableRandom weights;

  FleetChains(Fleet fleet, long seed, double accelerate) {
    this.fleet = fleet;
    this.seed = seed;
    this.accelerate = accelerate;
    this.counters = new long[fleet.serials().size()];
    this.heads = new ByteString[fleet.serials().size()];
    this.weights = new SplittableRandom(seed + 1);
  }

  /** Chip {@code chip}'s next record, made {@code dueNanos - beganNanos} into the simulation. */
  SignedSnapshotRecord next(int chip, long beganNanos, long dueNanos) {
    long simulatedSeconds = 1_800_000_000L + (long) ((dueNanos - beganNanos) / 1e9 * accelerate);
    byte[] hash = new byte[32];
    weights.nextBytes(hash);
    SnapshotRecord record =
        SnapshotRecord.newBuilder()
            .setChipSerial(fleet.serials().get(chip))
            .setCounter(counters[chip] + 1)
            .setChipTime(Timestamp.newBuilder().setSeconds(simulatedSeconds))
            .setWeightHash(ByteString.copyFrom(hash))
            .setPrevRecordHash(heads[chip] == null ? SnapshotRules.GENESIS : heads[chip])
            .setFirmwareVersion("fleet-1")
            .setRunId("fleet-run")
            .build();
    SignedSnapshotRecord signed =
        new ChipSigner(ChipKeys.derivePrivate(seed, chip)).signRecord(record);
    counters[chip]++;
    heads[chip] = SnapshotRules.recordHash(signed);
    return signed;
  }

  String serial(int chip) {
    return fleet.serials().get(chip);
  }

  /** How many records chip {@code chip} has made. */
  long counter(int chip) {
    return counters[chip];
  }

  /** The hash of chip {@code chip}'s last record, or null before its first. */
  ByteString head(int chip) {
    return heads[chip];
  }
}
