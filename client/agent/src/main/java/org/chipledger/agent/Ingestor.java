package org.chipledger.agent;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.snapshot.ChipSignatureCheck;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.identity.ArrivalOrder;
import org.chipledger.client.identity.ChipRecordSignatures;
import org.chipledger.client.identity.VerifierPool;
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
  private final ChipSignatureCheck keyring = new ChipRecordSignatures();
  private final Object[] stripes = new Object[STRIPES];

  /** Heads accepted but not yet durable; the store has every other chip's head. */
  private final Map<String, ChipSnapshotHead> pendingHeads = new ConcurrentHashMap<>();

  /** Signature checks and chip look-ups, off the gRPC threads. */
  private final VerifierPool verifiers = VerifierPool.sizedToCores("snapshot-agent-verify");

  /** Hands the pool's results to the stateful checks in the order the records came. */
  private final ArrivalOrder order = new ArrivalOrder();

  /** Arrival time of the first record of each durable group, by its first journal position. */
  final ConcurrentSkipListMap<Long, Long> arrivals = new ConcurrentSkipListMap<>();

  private final BlockingQueue<Pending> queue;
  private final AgentLimits limits;
  private final Map<String, TokenBucket> rates = new ConcurrentHashMap<>();

  /** Bumped by each failed write: entries checked before it are failed, never written. */
  private final AtomicLong generation = new AtomicLong();

  /** Why the last journal write failed; null while writes succeed. */
  private volatile String failure;

  private final Thread writer;
  private volatile boolean running = true;

  private record Pending(
      AgentStore.Entry entry, CompletableFuture<SubmitAck> ack, long generation) {}

  Ingestor(
      AgentStore store,
      ChipDirectory chips,
      String siteId,
      AgentMetrics metrics,
      Faults faults,
      AgentLimits limits) {
    this.limits = limits;
    this.queue = new ArrayBlockingQueue<>(limits.queueCapacity());
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
    if (failure != null) {
      return CompletableFuture.failedFuture(journalFailing());
    }
    long ticket = order.ticket();
    CompletableFuture<Prechecked> checked;
    try {
      checked = verifiers.submit(() -> precheck(signed, record));
    } catch (RejectedExecutionException e) {
      order.release(ticket, () -> {});
      return done(
          refusal(
              serial,
              record.getCounter(),
              AgentRefusal.AGENT_BUSY,
              "the agent's verification queue is full; retry later"));
    }
    CompletableFuture<SubmitAck> ack = new CompletableFuture<>();
    checked.whenComplete(
        (pre, error) -> order.release(ticket, () -> decide(signed, record, pre, error, ack)));
    return ack;
  }

  /**
   * The checks that need no chain state, on the pool: the signature by the key the directory holds
   * (a forged record costs no ledger query), the chip's lookup, and the signature by its key.
   */
  private Prechecked precheck(SignedSnapshotRecord signed, SnapshotRecord record) {
    ByteString checkedKey = signedByKnownKey(signed, record);
    Chip chip = chips.chip(record.getChipSerial());
    boolean valid =
        chip.getPublicKey().equals(checkedKey)
            || keyring.verify(
                chip.getPublicKey(),
                signed.getRecord().toByteArray(),
                signed.getSignature().toByteArray());
    return new Prechecked(chip, signed, valid);
  }

  /**
   * The stateful checks, in arrival order so that a chip's records meet its chain in the order they
   * came: the same refusals, in the same order, as when one thread did everything.
   */
  private void decide(
      SignedSnapshotRecord signed,
      SnapshotRecord record,
      Prechecked pre,
      Throwable error,
      CompletableFuture<SubmitAck> ack) {
    CompletableFuture<SubmitAck> outcome;
    try {
      if (error != null) {
        throw error instanceof CompletionException wrapped ? wrapped.getCause() : error;
      }
      outcome = accept(signed, record, pre.chip(), pre);
    } catch (RuleViolation violation) {
      outcome =
          done(
              refusal(
                  record.getChipSerial(),
                  record.getCounter(),
                  violation.code(),
                  violation.getMessage(),
                  ByteString.EMPTY));
    } catch (LedgerException e) {
      outcome =
          done(
              refusal(
                  record.getChipSerial(),
                  record.getCounter(),
                  e.code(),
                  e.getMessage(),
                  ByteString.EMPTY));
    } catch (AgentRefusalException e) {
      outcome =
          done(refusal(record.getChipSerial(), record.getCounter(), e.refusal(), e.getMessage()));
    } catch (Throwable e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    outcome.whenComplete(
        (done, failed) -> {
          if (failed != null) {
            ack.completeExceptionally(failed);
          } else {
            ack.complete(done);
          }
        });
  }

  /**
   * The pool's verdict on exactly this record's bytes by the chip's key; anything else is checked
   * afresh.
   */
  private final class Prechecked implements ChipSignatureCheck {
    private final Chip chip;
    private final SignedSnapshotRecord signed;
    private final boolean valid;

    Prechecked(Chip chip, SignedSnapshotRecord signed, boolean valid) {
      this.chip = chip;
      this.signed = signed;
      this.valid = valid;
    }

    Chip chip() {
      return chip;
    }

    @Override
    public boolean verify(ByteString derPublicKey, byte[] message, byte[] signature) {
      if (derPublicKey.equals(chip.getPublicKey())
          && signed.getRecord().equals(ByteString.copyFrom(message))
          && signed.getSignature().equals(ByteString.copyFrom(signature))) {
        return valid;
      }
      return keyring.verify(derPublicKey, message, signature);
    }
  }

  /**
   * When the directory holds the chip's key but would ask the ledger again (its entry is stale),
   * the signature is checked first: a forged record costs no ledger query.
   */
  private ByteString signedByKnownKey(SignedSnapshotRecord signed, SnapshotRecord record) {
    var known = chips.peek(record.getChipSerial());
    if (known.isEmpty() || chips.fresh(known.get())) {
      return ByteString.EMPTY;
    }
    ByteString key = known.get().chip().getPublicKey();
    if (!keyring.verify(
        key, signed.getRecord().toByteArray(), signed.getSignature().toByteArray())) {
      throw new RuleViolation(
          ErrorCode.SNAPSHOT_SIGNATURE_INVALID,
          "chip "
              + record.getChipSerial()
              + " record #"
              + record.getCounter()
              + ": the signature is not by the chip's registered key");
    }
    return key;
  }

  private CompletableFuture<SubmitAck> accept(
      SignedSnapshotRecord signed, SnapshotRecord record, Chip chip, ChipSignatureCheck verdict) {
    String serial = record.getChipSerial();
    synchronized (stripes[Math.floorMod(serial.hashCode(), STRIPES)]) {
      // Read before the health flag: a write that fails after this read fails this entry too.
      long generation = this.generation.get();
      if (failure != null) {
        return CompletableFuture.failedFuture(journalFailing());
      }
      Optional<ChipSnapshotHead> head = head(serial);
      if (head.isPresent() && record.getCounter() <= head.get().getCounter()) {
        return done(replayed(signed, record));
      }
      SnapshotRules.Accepted accepted =
          SnapshotRules.check(signed, record, chip, head, siteId, verdict);
      // Only records that passed every check spend the chip's rate: forgeries cannot starve it.
      if (!rates.computeIfAbsent(serial, s -> newBucket()).tryTake(System.nanoTime())) {
        throw new AgentRefusalException(
            AgentRefusal.AGENT_RATE_LIMITED,
            "chip "
                + serial
                + " may send "
                + limits.chipRecordsPerSecond()
                + " records a second (burst "
                + limits.chipBurst()
                + ")");
      }
      ChipSnapshotHead next = accepted.head(siteId, 0);
      CompletableFuture<SubmitAck> ack = new CompletableFuture<>();
      ChipSnapshotHead before = pendingHeads.put(serial, next);
      if (!queue.offer(new Pending(new AgentStore.Entry(signed, next), ack, generation))) {
        if (before == null) {
          pendingHeads.remove(serial, next);
        } else {
          pendingHeads.put(serial, before);
        }
        throw new AgentRefusalException(
            AgentRefusal.AGENT_BUSY,
            "the journal queue holds " + limits.queueCapacity() + " records; retry later");
      }
      metrics.queued(queue.size());
      return ack;
    }
  }

  private TokenBucket newBucket() {
    return new TokenBucket(limits.chipRecordsPerSecond(), limits.chipBurst(), System.nanoTime());
  }

  private AgentRefusalException journalFailing() {
    return new AgentRefusalException(
        AgentRefusal.AGENT_JOURNAL_FAILING,
        "the agent cannot write its journal ("
            + failure
            + "); nothing is acknowledged until it can");
  }

  /** Why the journal cannot be written, if it cannot. */
  Optional<String> journalFailure() {
    return Optional.ofNullable(failure);
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
    return refusal(serial, counter, code.name(), code.number(), detail, hash);
  }

  private SubmitAck refusal(String serial, long counter, AgentRefusal code, String detail) {
    return refusal(serial, counter, code.name(), code.number(), detail, ByteString.EMPTY);
  }

  private SubmitAck refusal(
      String serial, long counter, String code, int number, String detail, ByteString hash) {
    metrics.rejected(code);
    return SubmitAck.newBuilder()
        .setChipSerial(serial)
        .setCounter(counter)
        .setAccepted(false)
        .setErrorCode(code)
        .setErrorNumber(number)
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
          if (failure != null) {
            probe();
          }
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

  /** Tries a durable write of nothing; the journal is healthy again once one succeeds. */
  private void probe() {
    try {
      faults.reached(Faults.Point.BEFORE_JOURNAL_WRITE);
      store.probe();
      failure = null;
      metrics.journalHealthy(true);
    } catch (RuntimeException e) {
      failure = String.valueOf(e.getMessage());
    }
  }

  private void write(List<Pending> group) {
    long current = generation.get();
    List<Pending> writable = new ArrayList<>(group.size());
    List<Pending> stale = new ArrayList<>();
    for (Pending p : group) {
      (p.generation() == current && failure == null ? writable : stale).add(p);
    }
    // Checked against a head that a failed write never made durable: their chain may have a hole.
    fail(stale);
    if (writable.isEmpty()) {
      return;
    }
    long first = store.nextPosition();
    List<AgentStore.Entry> entries = new ArrayList<>(writable.size());
    for (Pending p : writable) {
      entries.add(p.entry());
    }
    try {
      faults.reached(Faults.Point.BEFORE_JOURNAL_WRITE);
      arrivals.putIfAbsent(first, System.currentTimeMillis());
      store.append(first, entries);
    } catch (RuntimeException e) {
      // Nothing is acknowledged until a write succeeds again; the order matters, see accept().
      failure = String.valueOf(e.getMessage());
      generation.incrementAndGet();
      arrivals.remove(first);
      metrics.journalHealthy(false);
      fail(writable);
      return;
    }
    for (Pending p : writable) {
      pendingHeads.remove(p.entry().head().getChipSerial(), p.entry().head());
    }
    faults.reached(Faults.Point.AFTER_PERSIST);
    metrics.accepted(writable.size());
    for (Pending p : writable) {
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

  private void fail(List<Pending> failed) {
    for (Pending p : failed) {
      String serial = p.entry().head().getChipSerial();
      synchronized (stripes[Math.floorMod(serial.hashCode(), STRIPES)]) {
        pendingHeads.remove(serial, p.entry().head());
      }
      p.ack().completeExceptionally(journalFailing());
    }
  }

  @Override
  public void close() {
    // Queued checks still feed the journal queue: drain them before the writer stops.
    verifiers.close();
    running = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
