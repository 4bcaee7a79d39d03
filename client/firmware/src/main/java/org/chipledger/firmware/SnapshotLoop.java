package org.chipledger.firmware;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Runs a chip: waits a Poisson gap, snapshots, and repeats until a count or a duration is reached.
 */
public record SnapshotLoop(
    Firmware firmware, PoissonSchedule schedule, Clock clock, Sleeper sleeper) {
  /** Waits out a gap; tests pass one that advances a fake clock instead of sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration gap) throws InterruptedException;

    static Sleeper real() {
      return gap -> Thread.sleep(gap.toMillis(), gap.toNanosPart() % 1_000_000);
    }
  }

  /** When the loop stops. */
  public sealed interface Limit {
    /** After this many snapshots. */
    record Count(long snapshots) implements Limit {}

    /** Once the next snapshot would fall after this much wall time. */
    record For(Duration duration) implements Limit {}
  }

  /** What a run did. */
  public record Summary(
      long snapshots,
      long acked,
      long nvramOnly,
      long rejected,
      long airGapped,
      ChainHead head,
      ChainHead ackedThrough,
      long unacknowledged) {}

  /** Snapshots under {@code runId} until {@code limit}; {@code each} sees every report. */
  public Summary run(String runId, Limit limit, Consumer<SnapshotReport> each)
      throws IOException, InterruptedException {
    return run(runId, "", limit, each);
  }

  /**
   * Snapshots as {@link #run(String, Limit, Consumer)} does; with a non-empty {@code runStartTxId}
   * the first snapshot is the chip's signed run start entry naming that declaration.
   */
  public Summary run(String runId, String runStartTxId, Limit limit, Consumer<SnapshotReport> each)
      throws IOException, InterruptedException {
    Instant deadline =
        limit instanceof Limit.For d ? clock.instant().plus(d.duration()) : Instant.MAX;
    long max = limit instanceof Limit.Count c ? c.snapshots() : Long.MAX_VALUE;
    long taken = 0;
    long acked = 0;
    long nvramOnly = 0;
    long rejected = 0;
    long airGapped = 0;
    while (taken < max) {
      Duration gap = schedule.nextGap();
      if (clock.instant().plus(gap).isAfter(deadline)) {
        break;
      }
      sleeper.sleep(gap);
      SnapshotReport report = firmware.snapshot(runId, 0, taken == 0 ? runStartTxId : "");
      taken++;
      SnapshotOutcome outcome = report.outcome();
      if (outcome instanceof SnapshotOutcome.Acked) {
        acked++;
      } else if (outcome instanceof SnapshotOutcome.NvramOnly) {
        nvramOnly++;
      } else if (outcome instanceof SnapshotOutcome.Rejected) {
        rejected++;
      } else {
        airGapped++;
      }
      each.accept(report);
    }
    return new Summary(
        taken,
        acked,
        nvramOnly,
        rejected,
        airGapped,
        firmware.head(),
        firmware.acked(),
        firmware.unacknowledged());
  }
}
