package org.chipledger.app.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.agent.SnapshotAgent;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Member;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import org.chipledger.proto.ledger.v1.Role;

/**
 * A datacenter fleet snapshotting at Poisson times, accelerated, through one snapshot agent to a
 * ledger: the sustained record rate, the ledger transactions it costs, commit lag, and proof that
 * every acknowledged record reached the ledger exactly once. Snapshot times of all chips together
 * form one Poisson process of rate chips × f × acceleration, each event landing on a random chip.
 */
public record FleetSimulation(Cast cast, Path dir, Settings settings, Consumer<String> log) {
  private static final String SITE = "fleet-site";
  private static final String SERIAL_PREFIX = "SN-F";

  /**
   * The fleet's owner makes its own chips and runs its own datacenter, so setting up a million
   * chips costs two transactions per lot (register, deploy) rather than four.
   */
  private static final String OPERATOR = "hyperscale-us";

  private static final Member MAKER =
      new Member(OPERATOR, "USMSP", "US", Role.ROLE_FAB, "Hyperscale Silicon and Cloud");
  private static final Member DATACENTER =
      new Member(OPERATOR, "USMSP", "US", Role.ROLE_DATACENTER, MAKER.name());
  private static final int WINDOW = 1024;

  /** What to simulate. */
  public record Settings(
      int chips,
      double ratePerDay,
      double accelerate,
      Duration duration,
      Duration epoch,
      int streams,
      long seed) {
    double recordsPerSecond() {
      return chips * ratePerDay * accelerate / 86_400.0;
    }
  }

  /**
   * Sets the fleet up, then simulates it. The set-up skips whatever an earlier run with the same
   * chips and seed left on this ledger, so a million-chip set-up is paid once; the simulation needs
   * chips that have not snapshotted yet.
   */
  public List<LedgerBenchmark.Figure> run() throws Exception {
    List<LedgerBenchmark.Figure> figures = new ArrayList<>();
    registerOperator();
    LedgerClient operator = cast.as(DATACENTER);
    long batches = operator.lastSnapshotBatch(SITE);
    if (batches > 0) {
      throw new IllegalStateException(
          "this fleet already committed "
              + batches
              + " snapshot batches, so its chips' counters are not at zero: set it up again");
    }
    long start = System.nanoTime();
    Fleet fleet =
        Fleet.deployOwnMake(
            cast.as(MAKER),
            operator,
            SITE,
            "US",
            SERIAL_PREFIX,
            settings.seed(),
            settings.chips(),
            n -> {
              if (n % 50_000 == 0) {
                log.accept(String.format("fleet: %,d chips registered and deployed", n));
              }
            });
    figures.add(
        new LedgerBenchmark.Figure(
            "fleet set-up",
            (System.nanoTime() - start) / 1e9,
            "s",
            String.format(
                "%,d chips registered and deployed by their maker (what an earlier run left is"
                    + " skipped)",
                settings.chips())));
    figures.addAll(simulate(fleet, operator));
    return figures;
  }

  private List<LedgerBenchmark.Figure> simulate(Fleet fleet, LedgerClient operator)
      throws Exception {
    List<LedgerBenchmark.Figure> figures = new ArrayList<>();
    FleetChains chains = new FleetChains(fleet, settings.seed(), settings.accelerate());
    AgentStreams streams = new AgentStreams(WINDOW);
    log.accept(String.format("agent: loading %,d chips from the ledger", settings.chips()));
    long agentStart = System.nanoTime();
    try (LoopbackAgent rig = LoopbackAgent.start(dir, SITE, OPERATOR, settings.epoch(), operator)) {
      figures.add(
          new LedgerBenchmark.Figure(
              "agent start",
              (System.nanoTime() - agentStart) / 1e9,
              "s",
              "loads the operator's chips (keys, sites) before it takes a record"));
      SnapshotAgent agent = rig.agent();
      streams.connect(agent.port(), rig.hostTls(), settings.streams());
      long began = System.nanoTime();
      List<Double> lags = emit(chains, streams, agent, began);
      double seconds = (System.nanoTime() - began) / 1e9;
      streams.drain();
      while (agent.metrics().queueDepth() > 0) {
        agent.flush();
      }
      figures.addAll(figures(seconds, agent, streams, lags));
    }
    figures.add(ledgerCheck(operator, chains, streams));
    return figures;
  }

  /**
   * Emits Poisson-timed records until the wall clock ends the simulation; returns the commit lag
   * sampled every 5 s.
   */
  private List<Double> emit(
      FleetChains chains, AgentStreams streams, SnapshotAgent agent, long began)
      throws InterruptedException {
    long end = began + settings.duration().toNanos();
    List<Double> lags = new ArrayList<>();
    long nextSample = began + TimeUnit.SECONDS.toNanos(5);
    SplittableRandom random = new SplittableRandom(settings.seed());
    double meanGapNanos = 1e9 / settings.recordsPerSecond();
    double due = began;
    // Ends on the wall clock: a fleet the agent cannot keep up with shows as a lower rate.
    while (System.nanoTime() < end) {
      due += -Math.log(1 - random.nextDouble()) * meanGapNanos;
      long wait = (long) due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int chip = random.nextInt(settings.chips());
      streams.send(chip, chains.next(chip, began, (long) due));
      if (System.nanoTime() >= nextSample) {
        lags.add(agent.metrics().commitLagSeconds());
        log.accept(
            String.format(
                "%4.0f s: %,d records, %,d acked, %,d committed in %,d batches; commit lag %.1f s",
                (System.nanoTime() - began) / 1e9,
                streams.sent(),
                streams.acked(),
                agent.metrics().recordsCommittedTotal(),
                agent.metrics().batchesCommittedTotal(),
                agent.metrics().commitLagSeconds()));
        nextSample += TimeUnit.SECONDS.toNanos(5);
      }
    }
    return lags;
  }

  private void registerOperator() {
    try {
      cast.as(Cast.ADMIN.orgId())
          .registerOrganization(
              RegisterOrganizationRequest.newBuilder()
                  .setOrgId(OPERATOR)
                  .setMspId(MAKER.mspId())
                  .setName(MAKER.name())
                  .setCountry(MAKER.country())
                  .addRoles(Role.ROLE_FAB)
                  .addRoles(Role.ROLE_DATACENTER)
                  .setCaCertPem(cast.rootCaPem(MAKER.mspId()))
                  .build());
    } catch (LedgerException e) {
      if (e.code() != ErrorCode.ORGANIZATION_EXISTS) {
        throw e;
      }
    }
  }

  /** Every acknowledged record is in exactly one committed batch; sampled heads match. */
  private LedgerBenchmark.Figure ledgerCheck(
      LedgerClient operator, FleetChains chains, AgentStreams streams) {
    long committed = 0;
    long batches = 0;
    long last = operator.lastSnapshotBatch(SITE);
    for (long seq = 1; seq <= last; seq++) {
      try {
        committed += operator.snapshotBatch(SITE, seq).getRecordCount();
        batches++;
      } catch (LedgerException e) {
        if (e.code() != ErrorCode.SNAPSHOT_NOT_FOUND) {
          throw e;
        }
      }
    }
    int checked = 0;
    for (int c = 0;
        c < settings.chips() && checked < 200;
        c += Math.max(1, settings.chips() / 200)) {
      if (chains.counter(c) > 0) {
        var head = operator.chipHead(chains.serial(c));
        if (head.getCounter() != chains.counter(c)
            || !head.getRecordHash().equals(chains.head(c))) {
          throw new IllegalStateException("chip " + c + "'s head on the ledger is not the chip's");
        }
        checked++;
      }
    }
    long acked = streams.acked();
    if (committed != acked) {
      throw new IllegalStateException(
          "acknowledged " + acked + " records but the ledger holds " + committed);
    }
    return new LedgerBenchmark.Figure(
        "ledger check: records lost",
        acked - committed,
        "records",
        String.format(
            "%,d acknowledged = %,d in %,d committed batches; %d sampled chip heads match",
            acked, committed, batches, checked));
  }

  private List<LedgerBenchmark.Figure> figures(
      double seconds, SnapshotAgent agent, AgentStreams streams, List<Double> lags) {
    List<Double> sorted = new ArrayList<>(lags);
    sorted.sort(Double::compare);
    double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    double max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
    long batches = agent.metrics().batchesCommittedTotal();
    return List.of(
        new LedgerBenchmark.Figure(
            "fleet snapshot rate",
            streams.sent() / seconds,
            "records/s",
            String.format(
                "%,d chips, f = %.2g/day x %.0f (target %.0f/s), %.0f s; %,d records, all acked",
                settings.chips(),
                settings.ratePerDay(),
                settings.accelerate(),
                settings.recordsPerSecond(),
                seconds,
                streams.sent())),
        new LedgerBenchmark.Figure(
            "ledger transactions for them",
            batches,
            "batches",
            String.format(
                "one per site per %s epoch (at most 10,000 records each): %,.0f records per"
                    + " transaction",
                settings.epoch(), batches == 0 ? 0.0 : (double) streams.acked() / batches)),
        new LedgerBenchmark.Figure(
            "commit lag (p50 of 5 s samples)",
            p50,
            "s",
            String.format("age of the oldest acknowledged, uncommitted record; max %.1f s", max)));
  }
}
