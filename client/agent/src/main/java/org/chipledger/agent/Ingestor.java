package org.chipledger.agent;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.snapshot.ChipKeyring;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/**
 * Checks each incoming record with the chaincode's own {@link SnapshotRules} and makes the accepted
 * ones durable. Writes from all streams are grouped: one fsync covers every record that arrived
 * while the previous one ran, and each record is acknowledged only after its fsync.
 */
final class Ingestor implements AutoCloseable {
  private static final int STRIPES = 1024;
  private static final int MAX_GROUP = 4096;

  private final AgentStore store;
  private final ChipDirectory chips;
  private final String siteId;
  private final AgentMetrics metrics;
  private final Faults faults;
  private final ChipKeyring keyring = new ChipKeyring(200_000);
  private final Object[] stripes = new Object[STRIPES];

  /** Heads accepted but not yet durable; the store has every other chip's head. */
  private final Map<String, ChipSnapshotHead> pendingHeads = new ConcurrentHashMap<>();

  /** Arrival time of the first record of each durable group, by its first journal position. */
  final ConcurrentSkipListMap<Long, Long> arrivals = new ConcurrentSkipListMap<>();

  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean running = true;

  private record Pending(AgentStore.Entry entry, CompletableFuture<SubmitAck> ack) {}

  Ingestor(
      AgentStore store, ChipDirectory chips, String siteId, AgentMetrics metrics, Faults faults) {
    this.store = store;
    this.chips = chips;
    this.siteId = siteId;
    this.metrics = metrics;
    this.faults = faults;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
    writer = new Thread(this::writeLoop, "snapshot-agent-journal");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Checks a record and, if it is valid, queues it for the journal. The future completes with the
   * acknowledgement once the record is durable, or at once with the reason it was refused.
   *
   * @param peerSerial the chip named by the stream's client certificate, if the link is mTLS
   */
  CompletableFuture<SubmitAck> submit(SignedSnapshotRecord signed, Optional<String> peerSerial) {
    if (signed.getRecord().isEmpty()) {
      return done(
          refusal(
              "",
              0,
              ErrorCode.MALFORMED_ARGUMENT,
              ErrorCode.MALFORMED_ARGUMENT.format(
                  "the message is not a signed snapshot record (garbled or truncated)"),
              ByteString.EMPTY));
    }
    SnapshotRecord record;
    try {
      record = SnapshotRules.parse(signed);
    } catch (RuleViolation violation) {
      return done(refusal("", 0, violation.code(), violation.getMessage(), ByteString.EMPTY));
    }
    String serial = record.getChipSerial();
    if (peerSerial.isPresent() && !peerSerial.get().equals(serial)) {
      return done(
          refusal(
              serial,
              record.getCounter(),
              ErrorCode.IDENTITY_MISMATCH,
              "the link is authenticated as chip " + peerSerial.get(),
              ByteString.EMPTY));
    }
    try {
      Chip chip = chips.chip(serial);
      synchronized (stripes[Math.floorMod(serial.hashCode(), STRIPES)]) {
        Optional<ChipSnapshotHead> head = head(serial);
        if (head.isPresent() && record.getCounter() <= head.get().getCounter()) {
          return done(replayed(signed, record));
        }
        SnapshotRules.Accepted accepted =
            SnapshotRules.check(signed, record, chip, head, siteId, keyring);
        ChipSnapshotHead next = accepted.head(siteId, 0);
        pendingHeads.put(serial, next);
        CompletableFuture<SubmitAck> ack = new CompletableFuture<>();
        queue.add(new Pending(new AgentStore.Entry(signed, next), ack));
        return ack;
      }
    } catch (RuleViolation violation) {
      return done(
          refusal(
              serial,
              record.getCounter(),
              violation.code(),
              violation.getMessage(),
              ByteString.EMPTY));
    } catch (LedgerException e) {
      return done(refusal(serial, record.getCounter(), e.code(), e.getMessage(), ByteString.EMPTY));
    }
  }

  private Optional<ChipSnapshotHead> head(String serial) {
    ChipSnapshotHead pending = pendingHeads.get(serial);
    return pending != null ? Optional.of(pending) : store.head(serial);
  }

  /**
   * A counter the chip's chain has passed. If the agent holds these very bytes, the chip is
   * resending after a lost acknowledgement; the reply carries the hash so it can move on.
   */
  private SubmitAck replayed(SignedSnapshotRecord signed, SnapshotRecord record) {
    String serial = record.getChipSerial();
    var position = store.position(serial, record.getCounter());
    boolean identical = position.isPresent() && store.record(position.getAsLong()).equals(signed);
    return refusal(
        serial,
        record.getCounter(),
        ErrorCode.SNAPSHOT_REPLAYED,
        ErrorCode.SNAPSHOT_REPLAYED.format(
            identical
                ? "record #" + record.getCounter() + " is already held here, byte for byte"
                : "chip " + serial + " is already past #" + record.getCounter()),
        identical ? SnapshotRules.recordHash(signed) : ByteString.EMPTY);
  }

  private SubmitAck refusal(
      String serial, long counter, ErrorCode code, String detail, ByteString hash) {
    metrics.rejected(code.name());
    return SubmitAck.newBuilder()
        .setChipSerial(serial)
        .setCounter(counter)
        .setAccepted(false)
        .setErrorCode(code.name())
        .setErrorNumber(code.number())
        .setDetail(detail)
        .setRecordHash(hash)
        .build();
  }

  private static CompletableFuture<SubmitAck> done(SubmitAck ack) {
    return CompletableFuture.completedFuture(ack);
  }

  private void writeLoop() {
    List<Pending> group = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        write(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        group.clear();
      }
    }
  }

  private void write(List<Pending> group) {
    long first = store.nextPosition();
    List<AgentStore.Entry> entries = new ArrayList<>(group.size());
    for (Pending p : group) {
      entries.add(p.entry());
    }
    try {
      arrivals.putIfAbsent(first, System.currentTimeMillis());
      store.append(first, entries);
    } catch (RuntimeException e) {
      // A journal that cannot be written must not acknowledge anything again.
      running = false;
      group.forEach(p -> p.ack().completeExceptionally(e));
      return;
    }
    for (Pending p : group) {
      pendingHeads.remove(p.entry().head().getChipSerial(), p.entry().head());
    }
    faults.reached(Faults.Point.AFTER_PERSIST);
    metrics.accepted(group.size());
    for (Pending p : group) {
      ChipSnapshotHead head = p.entry().head();
      p.ack()
          .complete(
              SubmitAck.newBuilder()
                  .setChipSerial(head.getChipSerial())
                  .setCounter(head.getCounter())
                  .setAccepted(true)
                  .setRecordHash(head.getRecordHash())
                  .build());
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
