package org.chipledger.pol.datacenter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.firmware.AgentAddress;
import org.chipledger.firmware.AgentLink;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.Delivery;
import org.chipledger.firmware.Firmware;
import org.chipledger.firmware.NvramLog;
import org.chipledger.firmware.PoissonSchedule;
import org.chipledger.firmware.SnapshotReport;
import org.chipledger.firmware.StepPermit;
import org.chipledger.firmware.Uplink;
import org.chipledger.firmware.WeightSource;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.StepListener;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;

/**
 * The emulated chips a run trains on: each chip's firmware snapshots the live weights at its own
 * Poisson times and sends the signed record to the snapshot agent, declaring the run id and the
 * training step the weights belong to.
 *
 * <p>Time is accelerated by the training itself: every optimizer step is {@code stepTime} of chip
 * time, so a Poisson time falls within a definite step and the run is reproducible from its seeds.
 * When a chip's timer fires during a step, the chip snapshots at the end of that step, while
 * training waits: the weights it hashes are exactly the state the transcript holds at that step.
 */
public final class TrainingChips implements StepListener, AutoCloseable {
  // Generous: on a loaded machine the agent's fsync and the ledger share two cores with training.
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  /** How long a paused chip may hold training before the run fails. */
  private static final Duration PAUSE_LIMIT = Duration.ofMinutes(2);

  private static final Duration PAUSE_POLL = Duration.ofMillis(100);

  /** Chips on one host board, which relays their records over one link (one stream). */
  static final int CHIPS_PER_HOST = 8;

  /**
   * Links the training host opens at most: all carry its one host certificate, and the agent grants
   * one certificate 256 concurrent streams; beyond this many hosts, hosts share links.
   */
  static final int MAX_LINKS = 64;

  private final String runId;
  private final Duration stepTime;
  private final StepClock clock;
  private final List<Chip> chips = new ArrayList<>();
  private final List<Uplink> links = new ArrayList<>(); // shared by chips, closed after them
  private final List<Taken> taken = new ArrayList<>();
  // The declaration's transaction id once the run is declared; each chip's first record names it.
  private String runStartTxId = "";
  private final java.util.Set<String> started = new java.util.HashSet<>();
  // The weights the chips hash: set before each snapshot, read by the firmware's weight source.
  private float[] live = new float[0];

  /** One chip: its firmware, its Poisson timer and the chip time its timer fires next. */
  private static final class Chip {
    final Firmware firmware;
    final PoissonSchedule schedule;
    Instant due;

    Chip(Firmware firmware, PoissonSchedule schedule, Instant due) {
      this.firmware = firmware;
      this.schedule = schedule;
      this.due = due;
    }
  }

  /** A snapshot a chip took: at which step, and what became of the record. */
  public record Taken(String serial, int step, SnapshotReport report) {}

  /** Training {@code runId} starting at chip time {@code start}, each step {@code stepTime}. */
  public TrainingChips(String runId, Instant start, Duration stepTime) {
    if (stepTime.isNegative() || stepTime.isZero()) {
      throw new IllegalArgumentException("a training step must take some chip time");
    }
    this.runId = runId;
    this.stepTime = stepTime;
    this.clock = new StepClock(start);
  }

  /**
   * Boots {@code chips} for {@code runId}. Chip i keeps its NVRAM log at {@link #nvramFile}, takes
   * snapshots at {@code ratePerDay} per day of chip time on a Poisson timer seeded from {@code
   * seed} and i, and sends them to {@code agent} (empty: air-gapped, NVRAM only).
   */
  public static TrainingChips boot(
      String runId,
      Instant start,
      Duration stepTime,
      List<ChipIdentity> chips,
      Path nvramDir,
      double ratePerDay,
      long seed,
      Optional<LoopbackAgent> agent)
      throws IOException {
    Files.createDirectories(nvramDir);
    TrainingChips training = new TrainingChips(runId, start, stepTime);
    try {
      for (int i = 0; i < chips.size(); i++) {
        ChipIdentity chip = chips.get(i);
        Optional<Uplink> uplink = Optional.empty();
        if (agent.isPresent()) {
          uplink = Optional.of(training.hostLink(agent.get(), i));
        }
        training.add(
            chip,
            NvramLog.open(nvramFile(nvramDir, chip.serial())),
            new PoissonSchedule(ratePerDay, 1, seed * 31 + i),
            uplink);
      }
    } catch (IOException | RuntimeException e) {
      training.close();
      throw e;
    }
    return training;
  }

  /**
   * The link of chip {@code index}'s host, opened on first use; the chip gets a view that leaves it
   * open when the chip's firmware closes. The training loop snapshots one chip at a time, and a
   * link carries one record at a time, so sharing costs nothing but the ordering it already has.
   */
  private Uplink hostLink(LoopbackAgent agent, int index) throws IOException {
    int link = (index / CHIPS_PER_HOST) % MAX_LINKS;
    if (link == links.size()) {
      links.add(
          AgentLink.connect(
              new AgentAddress("127.0.0.1", agent.agent().port()),
              agent.hostTls(),
              agent.ackKey(),
              ACK_TIMEOUT));
    }
    return new SharedLink(links.get(link));
  }

  /** A chip's use of its host's link: delivers through it, and leaves closing it to the host. */
  private record SharedLink(Uplink host) implements Uplink {
    @Override
    public Delivery deliver(SignedSnapshotRecord record) {
      return host.deliver(record);
    }

    @Override
    public Optional<org.chipledger.proto.snapshot.v1.InclusionProof> proof(
        String serial, long counter) {
      return host.proof(serial, counter);
    }

    @Override
    public void close() {}
  }

  /** Where chip {@code serial} of a run booted in {@code nvramDir} keeps its NVRAM log. */
  public static Path nvramFile(Path nvramDir, String serial) {
    return nvramDir.resolve(serial + ".nvram");
  }

  /**
   * Boots a chip on {@code nvram} that snapshots on {@code schedule}'s simulated gaps and sends to
   * {@code uplink} (empty: air-gapped, NVRAM only). The chips own their logs and uplinks.
   */
  public void add(ChipIdentity chip, NvramLog nvram, PoissonSchedule schedule, Optional<Uplink> up)
      throws IOException {
    Firmware firmware = Firmware.boot(chip, nvram, WeightSource.supplied(() -> live), clock, up);
    chips.add(new Chip(firmware, schedule, clock.instant().plus(schedule.nextSimulatedGap())));
  }

  @Override
  public void onStep(int step, Weights weights) {
    clock.now = clock.start.plus(stepTime.multipliedBy(step));
    boolean loaded = false;
    for (Chip chip : chips) {
      if (chip.due.isAfter(clock.now)) {
        continue;
      }
      // Several timer expiries within one step see the same weights: one snapshot covers them.
      while (!chip.due.isAfter(clock.now)) {
        chip.due = chip.due.plus(chip.schedule.nextSimulatedGap());
      }
      if (!loaded) {
        live = weights.toArray();
        loaded = true;
      }
      try {
        String serial = chip.firmware.serial();
        String start = !runStartTxId.isEmpty() && started.add(serial) ? runStartTxId : "";
        taken.add(new Taken(serial, step, chip.firmware.snapshot(runId, step, start)));
      } catch (IOException e) {
        throw new UncheckedIOException("chip " + chip.firmware.serial() + " failed to snapshot", e);
      }
    }
    for (Chip chip : chips) {
      awaitPermit(chip.firmware);
    }
  }

  /**
   * The firmware's step hook: a chip whose records have waited past its grace window for the
   * ledger's commit proof holds training here, as the paper's chip waits for its ack, until the
   * proofs arrive or {@link #PAUSE_LIMIT} passes (then training fails rather than run unwitnessed).
   */
  private static void awaitPermit(Firmware firmware) {
    long deadline = System.nanoTime() + PAUSE_LIMIT.toNanos();
    try {
      StepPermit permit = firmware.stepPermit();
      while (permit instanceof StepPermit.Paused paused) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "chip "
                  + firmware.serial()
                  + " paused training: "
                  + paused.unanchored()
                  + " records without a ledger commit proof for "
                  + paused.waiting());
        }
        Thread.sleep(PAUSE_POLL.toMillis());
        firmware.flush();
        permit = firmware.stepPermit();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("chip " + firmware.serial() + " failed its step hook", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while chip " + firmware.serial() + " paused");
    }
  }

  /**
   * The run was declared by transaction {@code declarationTxId}: each chip's next record is its
   * signed run start entry naming it, so the ledger counts that chip's records as declared.
   */
  public void startRun(String declarationTxId) {
    this.runStartTxId = declarationTxId;
  }

  /** The snapshots taken so far, in the order taken. */
  public List<Taken> taken() {
    return List.copyOf(taken);
  }

  /** Records not yet acknowledged by the agent, over all chips. */
  public long unacknowledged() {
    return chips.stream().mapToLong(c -> c.firmware.unacknowledged()).sum();
  }

  /** Resends every chip's unacknowledged records; returns how many were acknowledged. */
  public int flush() throws IOException {
    int acked = 0;
    for (Chip chip : chips) {
      acked += chip.firmware.flush();
    }
    return acked;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Chip chip : chips) {
      try {
        chip.firmware.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    for (Uplink link : links) {
      link.close();
    }
    if (first != null) {
      throw first;
    }
  }

  /** The chips' clock: the chip time of the step training has reached. */
  private static final class StepClock extends Clock {
    final Instant start;
    Instant now;

    StepClock(Instant start) {
      this.start = start;
      this.now = start;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the chips' clock is UTC");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
