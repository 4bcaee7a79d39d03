package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLoopTest {
  @TempDir Path dir;
  private final SteppingClock clock = new SteppingClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final List<Duration> slept = new ArrayList<>();

  @Test
  void aCountLimitTakesThatManySnapshotsAfterPoissonGaps() throws Exception {
    List<Long> counters = new ArrayList<>();
    SnapshotLoop.Summary summary;
    try (Firmware firmware = airGapped()) {
      summary =
          loop(firmware, 0.1, 1000)
              .run("run-1", new SnapshotLoop.Limit.Count(5), r -> counters.add(r.counter()));
    }
    assertThat(counters).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(summary.snapshots()).isEqualTo(5);
    assertThat(summary.airGapped()).isEqualTo(5);
    assertThat(summary.head().counter()).isEqualTo(5);
    assertThat(summary.unacknowledged()).isEqualTo(5);
    PoissonSchedule same = new PoissonSchedule(0.1, 1000, 3);
    assertThat(slept).hasSize(5).allSatisfy(gap -> assertThat(gap).isEqualTo(same.nextGap()));
  }

  @Test
  void aDurationLimitStopsBeforeTheFirstSnapshotThatWouldFallAfterIt() throws Exception {
    SnapshotLoop.Summary summary;
    try (Firmware firmware = airGapped()) {
      summary =
          loop(firmware, 24, 1)
              .run("run-1", new SnapshotLoop.Limit.For(Duration.ofHours(10)), r -> {});
    }
    Duration total = slept.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(total).isLessThanOrEqualTo(Duration.ofHours(10));
    assertThat(summary.snapshots()).isEqualTo(slept.size()).isPositive();
    assertThat(NvramLog.read(dir.resolve("c.nvram"))).hasSize(slept.size());
  }

  private SnapshotLoop loop(Firmware firmware, double rate, double accelerate) {
    return new SnapshotLoop(
        firmware,
        new PoissonSchedule(rate, accelerate, 3),
        clock,
        gap -> {
          slept.add(gap);
          clock.advance(gap);
        });
  }

  private Firmware airGapped() throws Exception {
    TestChip chip = new TestChip(dir, "C");
    return Firmware.boot(
        chip.identity(),
        NvramLog.open(dir.resolve("c.nvram")),
        WeightSource.of(new float[] {1f}),
        clock,
        Optional.empty());
  }
}
