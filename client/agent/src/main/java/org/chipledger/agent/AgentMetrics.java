package org.chipledger.agent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The agent's Prometheus metrics, rendered in the text exposition format. */
public final class AgentMetrics {
  private final LongAdder accepted = new LongAdder();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
  private final LongAdder batchesCommitted = new LongAdder();
  private final LongAdder recordsCommitted = new LongAdder();
  private final LongAdder submitFailures = new LongAdder();
  private final AtomicLong lastCommitLagMillis = new AtomicLong();
  private final LongAdder ledgerLookups = new LongAdder();
  private final LongAdder streamsRefused = new LongAdder();
  private final LongAdder journalFailures = new LongAdder();
  private final AtomicLong queueHighWater = new AtomicLong();
  private volatile boolean journalHealthy = true;
  private final long startedNanos = System.nanoTime();
  private volatile Backlog backlog = Backlog.NONE;

  /** What the agent has acknowledged but the ledger has not committed. */
  interface Backlog {
    Backlog NONE =
        new Backlog() {
          @Override
          public long uncommittedRecords() {
            return 0;
          }

          @Override
          public long oldestUncommittedMillis() {
            return 0;
          }
        };

    long uncommittedRecords();

    /** Arrival time of the oldest uncommitted record; 0 when there is none. */
    long oldestUncommittedMillis();
  }

  /** Reports the backlog of {@code source} from now on. */
  void watch(Backlog source) {
    this.backlog = source;
  }

  void accepted(int records) {
    accepted.add(records);
  }

  void rejected(String code) {
    rejected.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  void committed(int records, long lagMillis) {
    batchesCommitted.increment();
    recordsCommitted.add(records);
    lastCommitLagMillis.set(lagMillis);
  }

  void ledgerLookup() {
    ledgerLookups.increment();
  }

  void streamRefused() {
    streamsRefused.increment();
  }

  void queued(int depth) {
    queueHighWater.accumulateAndGet(depth, Math::max);
  }

  void journalHealthy(boolean healthy) {
    if (!healthy) {
      journalFailures.increment();
    }
    journalHealthy = healthy;
  }

  /** False from a failed journal write until a write succeeds again. */
  public boolean journalHealthy() {
    return journalHealthy;
  }

  /** Chip lookups the agent made on the ledger for chips its directory did not hold. */
  public long ledgerLookupsTotal() {
    return ledgerLookups.sum();
  }

  /** Streams refused because their client held as many as it may. */
  public long streamsRefusedTotal() {
    return streamsRefused.sum();
  }

  /** The most records ever waiting for the journal at once. */
  public long journalQueueHighWater() {
    return queueHighWater.get();
  }

  /** Refusals with {@code code} so far. */
  public long rejectedTotal(String code) {
    LongAdder n = rejected.get(code);
    return n == null ? 0 : n.sum();
  }

  void submitFailed() {
    submitFailures.increment();
  }

  public long acceptedTotal() {
    return accepted.sum();
  }

  public long recordsCommittedTotal() {
    return recordsCommitted.sum();
  }

  public long batchesCommittedTotal() {
    return batchesCommitted.sum();
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Seconds since the oldest acknowledged record that the ledger has not committed arrived. */
  public double commitLagSeconds() {
    long oldest = backlog.oldestUncommittedMillis();
    return oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
  }

  public double lastBatchCommitLagSeconds() {
    return lastCommitLagMillis.get() / 1000.0;
  }

  public long queueDepth() {
    return backlog.uncommittedRecords();
  }

  /** The metrics in Prometheus' text format, version 0.0.4. */
  public String render() {
    StringBuilder out = new StringBuilder();
    double uptime = (System.nanoTime() - startedNanos) / 1e9;
    counter(
        out,
        "chipledger_agent_records_accepted_total",
        "Records made durable and acknowledged.",
        accepted.sum());
    out.append("# HELP chipledger_agent_records_rejected_total Records refused, by error code.\n")
        .append("# TYPE chipledger_agent_records_rejected_total counter\n");
    new TreeMap<>(rejected)
        .forEach(
            (code, n) ->
                out.append("chipledger_agent_records_rejected_total{code=\"")
                    .append(code)
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n'));
    gauge(
        out,
        "chipledger_agent_records_per_second",
        "Mean accepted records per second since start.",
        uptime > 0 ? accepted.sum() / uptime : 0);
    gauge(
        out,
        "chipledger_agent_queue_depth",
        "Acknowledged records the ledger has not committed yet.",
        queueDepth());
    gauge(
        out,
        "chipledger_agent_commit_lag_seconds",
        "Age of the oldest acknowledged record not yet committed.",
        commitLagSeconds());
    gauge(
        out,
        "chipledger_agent_last_batch_commit_lag_seconds",
        "From the first record's arrival to its batch's commit, for the latest batch.",
        lastBatchCommitLagSeconds());
    counter(
        out,
        "chipledger_agent_batches_committed_total",
        "Batches the ledger committed.",
        batchesCommitted.sum());
    counter(
        out,
        "chipledger_agent_records_committed_total",
        "Records in committed batches.",
        recordsCommitted.sum());
    counter(
        out,
        "chipledger_agent_ledger_submit_failures_total",
        "Batch submissions that failed and will be retried.",
        submitFailures.sum());
    gauge(
        out,
        "chipledger_agent_journal_healthy",
        "1 while journal writes succeed; 0 from a failed write until one succeeds (no acks).",
        journalHealthy ? 1 : 0);
    counter(
        out,
        "chipledger_agent_journal_failures_total",
        "Journal writes that failed.",
        journalFailures.sum());
    counter(
        out,
        "chipledger_agent_ledger_lookups_total",
        "On-demand ledger lookups of chips the directory did not hold.",
        ledgerLookups.sum());
    counter(
        out,
        "chipledger_agent_streams_refused_total",
        "Streams refused because their client held its limit of concurrent streams.",
        streamsRefused.sum());
    gauge(
        out,
        "chipledger_agent_journal_queue_high_water",
        "The most records waiting for the journal at once.",
        queueHighWater.get());
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }
}
