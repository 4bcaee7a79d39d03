package org.chipledger.pol.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Whether the chip snapshots of a run on the ledger cover the claimed run: their steps span it
 * (span), the steps advance evenly in chip time (pace), and the chips had the time to do the work
 * (FLOPs). Each finding is a sentence for check 6; a refusal names what is wrong and the bound.
 */
final class SnapshotCoverage {
  /**
   * The span test refuses an honest run with probability at most this: half at the start, half at
   * the end.
   */
  static final double SPAN_FALSE_REFUSAL = 1e-3;

  /**
   * The largest gap allowed between a snapshot's share of the steps and its share of the chip time
   * between the first and last snapshot.
   */
  static final double PACE_TOLERANCE = 0.10;

  private SnapshotCoverage() {}

  /** One finding: whether it holds, and the sentence for the report. */
  record Finding(boolean ok, String text) {}

  /**
   * The span test. Given m distinct snapshot steps in 1..T, an honest run's are a uniformly random
   * m-subset (the chips snapshot at secret Poisson times), so its last one is below step l with
   * probability at most (l/T)^m and its first one at or after step f with probability at most ((T −
   * f + 1)/T)^m; each is refused below half of {@link #SPAN_FALSE_REFUSAL}.
   */
  static Finding span(SortedSet<Integer> steps, int totalSteps) {
    List<Integer> inRun = steps.stream().filter(s -> s >= 1 && s <= totalSteps).toList();
    if (inRun.isEmpty()) {
      return new Finding(
          false,
          "no chip snapshot falls within the run's steps 1.." + totalSteps + ": none spans it");
    }
    int m = inRun.size();
    int first = inRun.get(0);
    int last = inRun.get(m - 1);
    double q = Math.pow(SPAN_FALSE_REFUSAL / 2, 1.0 / m);
    long minLast = (long) Math.ceil(totalSteps * q - 1e-9);
    long maxFirst = (long) Math.floor(totalSteps + 1 - totalSteps * q + 1e-9);
    String bounds =
        String.format(
            Locale.ROOT,
            "first at step %d (at most %d allowed), last at step %d (at least %d) of %d, from %d"
                + " snapshot steps (an honest run is refused with probability <= %.0e)",
            first,
            maxFirst,
            last,
            minLast,
            totalSteps,
            m,
            SPAN_FALSE_REFUSAL);
    boolean ok = first <= maxFirst && last >= minLast;
    return new Finding(
        ok,
        ok
            ? "span: " + bounds
            : "the snapshots do not span the run: "
                + bounds
                + (last < minLast
                    ? "; the run's last " + (totalSteps - last) + " steps have no snapshot"
                    : "; the run's first " + (first - 1) + " steps have no snapshot"));
  }

  /**
   * The pace test: every chip's steps never go back, and across the run's snapshots each one's
   * share of the steps is within {@link #PACE_TOLERANCE} of its share of the chip time, so that a
   * snapshot lands on a step with that step's share of the run.
   */
  static Finding pace(ChipTimeline timeline, int totalSteps) {
    Optional<String> backwards = backwards(timeline);
    if (backwards.isPresent()) {
      return new Finding(false, "chip time is inconsistent with the steps: " + backwards.get());
    }
    List<ChipTimeline.Entry> points =
        timeline.entries().stream()
            .filter(e -> e.step() >= 0 && e.step() <= totalSteps)
            .sorted(
                Comparator.comparing(ChipTimeline.Entry::chipTime)
                    .thenComparingLong(ChipTimeline.Entry::step))
            .toList();
    if (points.size() < 2) {
      return new Finding(true, "pace: fewer than two snapshots in the run, not checked");
    }
    ChipTimeline.Entry first = points.get(0);
    ChipTimeline.Entry last = points.get(points.size() - 1);
    double steps = last.step() - first.step();
    double nanos = nanos(first, last);
    if (steps <= 0 || nanos <= 0) {
      return new Finding(
          steps <= 0,
          steps <= 0
              ? "pace: the snapshots are at one step, not checked"
              : String.format(
                  Locale.ROOT,
                  "chip time is inconsistent with the steps: steps %d->%d took no chip time",
                  first.step(),
                  last.step()));
    }
    double worst = 0;
    ChipTimeline.Entry at = first;
    for (ChipTimeline.Entry e : points) {
      double gap = Math.abs((e.step() - first.step()) / steps - nanos(first, e) / nanos);
      if (gap > worst) {
        worst = gap;
        at = e;
      }
    }
    String detail =
        String.format(
            Locale.ROOT,
            "steps %d->%d over %.1f h of chip time; largest gap between step share and time share"
                + " %.3f (at step %d, chip %s; at most %.2f)",
            first.step(),
            last.step(),
            nanos / 3.6e12,
            worst,
            at.step(),
            at.chip(),
            PACE_TOLERANCE);
    return worst <= PACE_TOLERANCE
        ? new Finding(true, "pace: " + detail)
        : new Finding(
            false,
            "chip time is inconsistent with the declared steps (not evenly paced): " + detail);
  }

  /**
   * The chip-time test on FLOPs: in data parallel each chip does 1/n of a step's FLOPs, so the
   * steps a chip's snapshots span need that chip's share of their FLOPs within its span; summed
   * over the chips this must fit in the ledger's busy time at peak FLOP/s.
   */
  static Finding flops(ChipTimeline timeline, int totalSteps, double flopsPerStep) {
    if (timeline.busyFlop() <= 0) {
      return new Finding(true, "chip FLOPs: the ledger holds no peak rates, not checked");
    }
    Map<String, long[]> spans = new HashMap<>();
    for (ChipTimeline.Entry e : timeline.entries()) {
      if (e.step() < 0 || e.step() > totalSteps) {
        continue;
      }
      long[] span = spans.computeIfAbsent(e.chip(), c -> new long[] {e.step(), e.step()});
      span[0] = Math.min(span[0], e.step());
      span[1] = Math.max(span[1], e.step());
    }
    double spannedSteps = spans.values().stream().mapToLong(s -> s[1] - s[0]).sum();
    double needed = flopsPerStep * spannedSteps / timeline.chipCount();
    String detail =
        String.format(
            Locale.ROOT,
            "the steps the chips' snapshots span need %.4e FLOPs (%d chips in data parallel); the"
                + " ledger's busy chip time at peak allows %.4e",
            needed,
            timeline.chipCount(),
            timeline.busyFlop());
    return needed <= timeline.busyFlop()
        ? new Finding(true, "chip FLOPs: " + detail)
        : new Finding(false, "chip time is too short for the declared steps and FLOPs: " + detail);
  }

  /** The first chip whose steps or clock go back in counter order, if any. */
  private static Optional<String> backwards(ChipTimeline timeline) {
    Map<String, List<ChipTimeline.Entry>> byChip = new HashMap<>();
    for (ChipTimeline.Entry e : timeline.entries()) {
      byChip.computeIfAbsent(e.chip(), c -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<String, List<ChipTimeline.Entry>> chip :
        new java.util.TreeMap<>(byChip).entrySet()) {
      List<ChipTimeline.Entry> records =
          chip.getValue().stream()
              .sorted(Comparator.comparingLong(ChipTimeline.Entry::counter))
              .toList();
      for (int i = 1; i < records.size(); i++) {
        ChipTimeline.Entry before = records.get(i - 1);
        ChipTimeline.Entry after = records.get(i);
        if (after.step() < before.step() || after.chipTime().isBefore(before.chipTime())) {
          return Optional.of(
              String.format(
                  Locale.ROOT,
                  "chip %s went from step %d at %s to step %d at %s (counter %d)",
                  chip.getKey(),
                  before.step(),
                  before.chipTime(),
                  after.step(),
                  after.chipTime(),
                  after.counter()));
        }
      }
    }
    return Optional.empty();
  }

  private static double nanos(ChipTimeline.Entry from, ChipTimeline.Entry to) {
    // In seconds first: a hostile chip clock must not overflow a long of nanoseconds.
    Duration d = Duration.between(from.chipTime(), to.chipTime());
    return d.getSeconds() * 1e9 + d.getNano();
  }
}
