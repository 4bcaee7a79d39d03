package org.chipledger.agent;

import java.time.Duration;

/**
 * What one agent grants its clients, so that no client, chip or flood of unknown serials can take
 * the agent's memory, threads or ledger connection from the honest chips.
 *
 * @param streamsPerClient concurrent Submit streams per client certificate (per address when
 *     plaintext); a relaying host needs one per chip it serves at once
 * @param maxMessageBytes the largest gRPC message taken; a snapshot record is a few hundred bytes
 * @param streamWindow records a stream may have in the agent unacknowledged; gRPC flow control
 *     holds back the rest, so a client that never reads acks stalls only itself
 * @param queueCapacity records waiting for the journal across all streams; past it, records are
 *     refused at once (AGENT_BUSY) and the chip keeps them in NVRAM
 * @param chipRecordsPerSecond sustained records per second one chip may send
 * @param chipBurst records one chip may send at once, e.g. a backlog after an outage
 * @param ledgerLookupsPerSecond on-demand chip lookups (chips the directory does not hold) the
 *     agent makes on the ledger per second, across all clients
 * @param unknownChips serials the ledger does not know that the agent remembers
 * @param unknownChipTtl how long it remembers each of them
 */
public record AgentLimits(
    int streamsPerClient,
    int maxMessageBytes,
    int streamWindow,
    int queueCapacity,
    double chipRecordsPerSecond,
    int chipBurst,
    double ledgerLookupsPerSecond,
    int unknownChips,
    Duration unknownChipTtl) {

  /** The defaults of {@code chipledger snapshot-agent serve}. */
  public static final AgentLimits DEFAULTS =
      new AgentLimits(256, 64 * 1024, 256, 16_384, 100, 1_000, 50, 100_000, Duration.ofMinutes(5));

  public AgentLimits {
    positive("streams per client", streamsPerClient);
    positive("max message bytes", maxMessageBytes);
    positive("stream window", streamWindow);
    positive("queue capacity", queueCapacity);
    positive("chip burst", chipBurst);
    positive("unknown chips", unknownChips);
    if (!(chipRecordsPerSecond > 0) || !(ledgerLookupsPerSecond > 0)) {
      throw new IllegalArgumentException("rates must be positive");
    }
    if (unknownChipTtl.isNegative() || unknownChipTtl.isZero()) {
      throw new IllegalArgumentException("unknown-chip TTL must be positive: " + unknownChipTtl);
    }
  }

  private static void positive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + value);
    }
  }

  /** These limits with {@code streams} concurrent streams per client certificate. */
  public AgentLimits withStreamsPerClient(int streams) {
    return new AgentLimits(
        streams,
        maxMessageBytes,
        streamWindow,
        queueCapacity,
        chipRecordsPerSecond,
        chipBurst,
        ledgerLookupsPerSecond,
        unknownChips,
        unknownChipTtl);
  }

  /** These limits with {@code perSecond} on-demand ledger lookups per second. */
  public AgentLimits withLedgerLookupsPerSecond(double perSecond) {
    return new AgentLimits(
        streamsPerClient,
        maxMessageBytes,
        streamWindow,
        queueCapacity,
        chipRecordsPerSecond,
        chipBurst,
        perSecond,
        unknownChips,
        unknownChipTtl);
  }
}
