package org.chipledger.firmware;

import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated chip's firmware (paper §4): it hashes the weights, signs a record that continues its
 * hash chain, makes the record durable in NVRAM, and only then sends it to the agent and waits for
 * the ack. A record the agent did not acknowledge stays in NVRAM and is resent, in counter order,
 * before the next one, so an outage heals without a counter gap. Without an uplink the chip is
 * air-gapped and keeps everything in NVRAM. The firmware owns its log and uplink and closes them.
 */
public final class Firmware implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Firmware.class);
  private final ChipIdentity chip;
  private final NvramLog nvram;
  private final AckCursor cursor;
  private final WeightSource weights;
  private final Clock clock;
  private final Optional<Uplink> uplink;
  private final Optional<FirmwareBuild> build;
  private final Optional<LedgerTrust> trust;
  private final AnchorCursor anchors; // null without a ledger trust anchor
  private long refusedProofs; // guarded by this

  private Firmware(
      ChipIdentity chip,
      NvramLog nvram,
      AckCursor cursor,
      WeightSource weights,
      Clock clock,
      Optional<Uplink> uplink,
      Optional<FirmwareBuild> build,
      Optional<LedgerTrust> trust)
      throws IOException {
    this.chip = chip;
    this.nvram = nvram;
    this.cursor = cursor;
    this.weights = weights;
    this.clock = clock;
    this.uplink = uplink;
    this.build = build;
    this.trust = trust;
    this.anchors = trust.isPresent() ? AnchorCursor.load(nvram) : null;
  }

  /**
   * Boots a chip on its NVRAM log; {@code uplink} empty means air-gapped. Fails if the log holds
   * another chip's records.
   */
  public static Firmware boot(
      ChipIdentity chip, NvramLog nvram, WeightSource weights, Clock clock, Optional<Uplink> uplink)
      throws IOException {
    return boot(chip, nvram, weights, clock, uplink, Optional.empty());
  }

  /**
   * Boots a chip as {@link #boot(ChipIdentity, NvramLog, WeightSource, Clock, Optional)} does, on
   * {@code build}, a build the boot ROM verified (empty: unmeasured firmware, security version 0).
   * Refuses a build below the chip's anti-rollback counter and raises the counter to the build's.
   */
  public static Firmware boot(
      ChipIdentity chip,
      NvramLog nvram,
      WeightSource weights,
      Clock clock,
      Optional<Uplink> uplink,
      Optional<FirmwareBuild> build)
      throws IOException {
    return boot(chip, nvram, weights, clock, uplink, build, Optional.empty());
  }

  /**
   * Boots a chip as {@link #boot(ChipIdentity, NvramLog, WeightSource, Clock, Optional, Optional)}
   * does, with the ledger trust anchor installed at provisioning (empty: none, and an agent's
   * signed ack counts as delivery). With it, a record counts as delivered only once the chip holds
   * a proof, checked against the anchor's node key, that the ledger committed it; until then it is
   * pending, and past the grace window {@link #stepPermit()} pauses training.
   */
  public static Firmware boot(
      ChipIdentity chip,
      NvramLog nvram,
      WeightSource weights,
      Clock clock,
      Optional<Uplink> uplink,
      Optional<FirmwareBuild> build,
      Optional<LedgerTrust> trust)
      throws IOException {
    Optional<String> owner = nvram.chipSerial();
    if (owner.isPresent() && !owner.get().equals(chip.serial())) {
      throw new NvramException(
          NvramError.SERIAL_MISMATCH,
          0,
          nvram.file() + " is the log of " + owner.get() + ", not of " + chip.serial());
    }
    RollbackCounter.admit(
        nvram,
        build.map(FirmwareBuild::securityVersion).orElse(0L),
        build.map(b -> "build '" + b.name() + "'").orElse("unmeasured firmware"));
    return new Firmware(chip, nvram, AckCursor.load(nvram), weights, clock, uplink, build, trust);
  }

  /**
   * Takes one snapshot under the host-declared {@code runId} (empty when idle): appends it to NVRAM
   * durably, then resends the unacknowledged backlog and the new record in counter order, stopping
   * at the first one the agent does not acknowledge.
   */
  public SnapshotReport snapshot(String runId) throws IOException {
    return snapshot(runId, 0);
  }

  /**
   * Takes one snapshot as {@link #snapshot(String)} does, with the training step the host declares
   * for the weights it holds, so that a verifier can replay the run's transcript to that step.
   */
  public SnapshotReport snapshot(String runId, long trainingStep) throws IOException {
    return snapshot(runId, trainingStep, "");
  }

  /**
   * Takes one snapshot as {@link #snapshot(String, long)} does; a non-empty {@code runStartTxId}
   * makes it the chip's signed "run start" entry, naming the transaction that declared {@code
   * runId} on the ledger. Only records after a chip's run start count towards the declared run.
   */
  public synchronized SnapshotReport snapshot(String runId, long trainingStep, String runStartTxId)
      throws IOException {
    if (trainingStep < 0) {
      throw new IllegalArgumentException("training step must be non-negative: " + trainingStep);
    }
    ChainHead head = nvram.head();
    Instant now = clock.instant();
    SnapshotRecord record =
        SnapshotRecord.newBuilder()
            .setChipSerial(chip.serial())
            .setCounter(head.counter() + 1)
            .setChipTime(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .setWeightHash(WeightHasher.hash(weights))
            .setPrevRecordHash(head.recordHash())
            .setFirmwareVersion(build.map(FirmwareBuild::name).orElse(chip.firmwareVersion()))
            .setRunId(runId)
            .setTrainingStep(trainingStep)
            .setRunStartTxId(runStartTxId)
            .setFirmwareMeasurement(
                build.map(FirmwareBuild::measurement).orElse(com.google.protobuf.ByteString.EMPTY))
            .setSecurityVersion(build.map(FirmwareBuild::securityVersion).orElse(0L))
            .build();
    NvramEntry entry = nvram.append(chip.signer().signRecord(record));
    if (uplink.isEmpty()) {
      return new SnapshotReport(entry, new SnapshotOutcome.AirGapped(), 0, unacknowledged());
    }
    Drain drain = drain(entry.counter());
    SnapshotOutcome outcome;
    if (drain.stoppedAt() == 0) {
      outcome = new SnapshotOutcome.Acked();
    } else if (drain.stoppedAt() == entry.counter()) {
      outcome = drain.outcome();
    } else {
      outcome =
          new SnapshotOutcome.NvramOnly(
              "waiting behind record " + drain.stoppedAt() + ": " + describe(drain.outcome()));
    }
    anchor();
    return new SnapshotReport(entry, outcome, drain.backlogAcked(), unacknowledged());
  }

  /**
   * Resends the unacknowledged backlog without taking a snapshot and asks for the proofs of pending
   * records; returns how many were acked.
   */
  public synchronized int flush() throws IOException {
    if (uplink.isEmpty()) {
      return 0;
    }
    int acked = drain(Long.MIN_VALUE).backlogAcked();
    anchor();
    return acked;
  }

  /**
   * Asks the agent for the commit proof of each acknowledged record not yet anchored, in counter
   * order, and anchors each whose proof holds; stops at the first record without a valid proof.
   * Returns how many records it anchored. Without a ledger trust anchor or an uplink it does
   * nothing.
   */
  public synchronized int anchor() throws IOException {
    if (anchors == null || uplink.isEmpty()) {
      return 0;
    }
    int anchored = 0;
    for (long counter = anchors.anchored().counter() + 1;
        counter <= cursor.acked().counter();
        counter++) {
      Optional<org.chipledger.proto.snapshot.v1.InclusionProof> proof =
          uplink.get().proof(chip.serial(), counter);
      if (proof.isEmpty()) {
        break;
      }
      NvramEntry entry = nvram.entry(counter);
      ProofVerdict verdict =
          CommitCheck.check(entry, proof.get(), trust.orElseThrow().anchor(), anchors.block());
      if (verdict instanceof ProofVerdict.Anchored in) {
        anchors.advance(entry.head(), in.block());
        anchored++;
        continue;
      }
      if (proof.get().getCommitted()) {
        // A committed-looking proof that fails is a lie, not a wait: count it.
        refusedProofs++;
        LOG.warn(
            "refused the commit proof of {}#{}: {}",
            chip.serial(),
            counter,
            ((ProofVerdict.Refused) verdict).reason());
      }
      break;
    }
    return anchored;
  }

  /**
   * The firmware's training step hook: asks for pending proofs, then lets the trainer step unless
   * records have waited longer than the grace window for their commit proof. Without a ledger trust
   * anchor training always proceeds.
   */
  public synchronized StepPermit stepPermit() throws IOException {
    if (anchors == null) {
      return new StepPermit.Proceed();
    }
    if (unanchored() > 0) {
      anchor();
    }
    long pending = unanchored();
    if (pending == 0) {
      return new StepPermit.Proceed();
    }
    com.google.protobuf.Timestamp made =
        nvram.entry(anchors.anchored().counter() + 1).record().getChipTime();
    Duration waiting =
        Duration.between(
            Instant.ofEpochSecond(made.getSeconds(), made.getNanos()), clock.instant());
    return waiting.compareTo(trust.orElseThrow().grace()) > 0
        ? new StepPermit.Paused(pending, waiting)
        : new StepPermit.Proceed();
  }

  /**
   * Records without proof that the ledger committed them; with no ledger trust anchor, those the
   * agent has not acknowledged.
   */
  public synchronized long unanchored() {
    return anchors == null
        ? unacknowledged()
        : nvram.head().counter() - anchors.anchored().counter();
  }

  /** The last record the chip holds a commit proof for (the ack cursor without a trust anchor). */
  public synchronized ChainHead anchored() {
    return anchors == null ? cursor.acked() : anchors.anchored();
  }

  /** Commit proofs refused so far: forged, for another record, or replayed from an older block. */
  public synchronized long refusedProofs() {
    return refusedProofs;
  }

  public String serial() {
    return chip.serial();
  }

  /** The head of the chip's hash chain in NVRAM. */
  public ChainHead head() {
    return nvram.head();
  }

  /** The last record the agent acknowledged. */
  public ChainHead acked() {
    return cursor.acked();
  }

  /** Records in NVRAM that the agent has not acknowledged (all of them when air-gapped). */
  public long unacknowledged() {
    return nvram.head().counter() - cursor.acked().counter();
  }

  public boolean airGapped() {
    return uplink.isEmpty();
  }

  @Override
  public void close() throws IOException {
    try {
      uplink.ifPresent(Uplink::close);
    } finally {
      nvram.close();
    }
  }

  /** The result of sending the backlog: the counter it stopped at (0 if none) and why. */
  private record Drain(long stoppedAt, SnapshotOutcome outcome, int backlogAcked) {}

  private Drain drain(long newCounter) throws IOException {
    Uplink link = uplink.orElseThrow();
    int backlogAcked = 0;
    // Read one entry at a time: a long air-gapped backlog need not sit in memory.
    for (long counter = cursor.acked().counter() + 1;
        counter <= nvram.head().counter();
        counter++) {
      NvramEntry pending = nvram.entry(counter);
      boolean resend = pending.counter() != newCounter;
      SnapshotOutcome outcome = AckRule.judge(pending, link.deliver(pending.signed()), resend);
      if (!(outcome instanceof SnapshotOutcome.Acked)) {
        // Later records would only open a counter gap at the agent: stop here, retry next time.
        return new Drain(pending.counter(), outcome, backlogAcked);
      }
      cursor.advance(pending.head());
      if (resend) {
        backlogAcked++;
      }
    }
    return new Drain(0, new SnapshotOutcome.Acked(), backlogAcked);
  }

  private static String describe(SnapshotOutcome outcome) {
    if (outcome instanceof SnapshotOutcome.NvramOnly nvramOnly) {
      return nvramOnly.reason();
    }
    if (outcome instanceof SnapshotOutcome.Rejected rejected) {
      return "rejected " + rejected.errorCode() + ": " + rejected.detail();
    }
    return outcome.toString();
  }
}
