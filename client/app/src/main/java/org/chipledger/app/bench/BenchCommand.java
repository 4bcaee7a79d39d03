package org.chipledger.app.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.chipledger.app.options.DurationConverter;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.output.Progress;
import org.chipledger.app.scratch.DataDirs;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.app.session.Session;
import org.chipledger.client.backend.Backend;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Founding;
import org.chipledger.firmware.FabricTrust;
import org.chipledger.firmware.LedgerTrust;
import org.chipledger.proto.ledger.v1.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the embedded ledger (registration, transfers and queries, durable and signed) or, with
 * {@code --ledger fabric}, transfers against a no-op on the running network.
 */
@Command(
    name = "bench",
    description =
        "Benchmark the embedded ledger on a fresh data directory, or with --ledger fabric the"
            + " running network (transfers and a no-op at 1, 10 and 50 clients).",
    subcommands = {
      BenchCommand.Snapshots.class,
      BenchCommand.FleetCommand.class,
      BenchCommand.InspectionCommand.class,
      BenchCommand.Dashboard.class,
      BenchCommand.Accounting.class,
      BenchCommand.StateCommitment.class,
      BenchCommand.AgentFlood.class,
      BenchCommand.Witness.class,
      LandmarkBenchCommand.class
    })
public final class BenchCommand extends ChipLedgerCommand {
  @Option(names = "--chips", defaultValue = "100000")
  int chips;

  @Option(names = "--transfers", defaultValue = "100000")
  int transfers;

  @Option(
      names = "--threads",
      defaultValue = "64",
      description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--bench-dir",
      defaultValue = ".chipledger/bench",
      description = "Recreated on every run.")
  Path benchDir;

  @Override
  public Integer call() throws Exception {
    GlobalOptions options = options();
    if (options.ledger() == Backend.FABRIC) {
      DataDirs.recreate(benchDir);
      return fabric(options, output());
    }
    return measureFresh(
        output(),
        benchDir,
        "chips, then transfers",
        (long) chips + 2L * transfers,
        progress -> new LedgerBenchmark(benchDir, chips, transfers, threads, progress).run());
  }

  /** A benchmark that reports how far it got and returns its figures. */
  @FunctionalInterface
  interface Measurement {
    List<LedgerBenchmark.Figure> run(LongConsumer progress) throws Exception;
  }

  /**
   * Recreates {@code benchDir}, runs {@code measurement} under a progress bar counting {@code
   * total} {@code what}, and prints its figures.
   */
  static int measureFresh(
      Output out, Path benchDir, String what, long total, Measurement measurement)
      throws Exception {
    DataDirs.recreate(benchDir);
    Progress progress = new Progress(what, total);
    print(out, measurement.run(progress::update));
    return 0;
  }

  private int fabric(GlobalOptions options, Output out) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (FabricCast cast =
        FabricCast.create(Session.network(options), benchDir.resolve("identities"))) {
      for (FabricBenchmark.Result r : new FabricBenchmark(cast).run()) {
        rows.add(
            List.of(
                r.workload(),
                String.valueOf(r.clients()),
                String.valueOf(r.operations()),
                String.valueOf(r.failures()),
                String.format("%,.1f", r.txPerSecond()),
                String.valueOf(r.p50().toMillis()),
                String.valueOf(r.p99().toMillis())));
      }
    }
    out.table(List.of("workload", "clients", "ops", "failed", "tx/s", "p50 ms", "p99 ms"), rows);
    return 0;
  }

  static void print(Output out, List<LedgerBenchmark.Figure> figures) {
    List<List<String>> rows = new ArrayList<>();
    for (LedgerBenchmark.Figure f : figures) {
      String format = "ratio".equals(f.unit()) ? "%.2f" : "%,.1f";
      rows.add(List.of(f.name(), String.format(format, f.value()), f.unit(), f.note()));
    }
    out.table(List.of("measure", "value", "unit", "conditions"), rows);
  }

  @Command(
      name = "state-commitment",
      description =
          "Registration and transfers without, with, with and without the state commitment in"
              + " block headers, the ratios of the means; then the time of admin verify and admin"
              + " rebuild-state.")
  static final class StateCommitment extends ChipLedgerCommand {
    @Option(names = "--chips", defaultValue = "100000")
    int chips;

    @Option(names = "--transfers", defaultValue = "5000")
    int transfers;

    @Option(names = "--threads", defaultValue = "64")
    int threads;

    @Option(names = "--bench-dir", defaultValue = ".chipledger/bench-state")
    Path benchDir;

    @Override
    public Integer call() throws Exception {
      return measureFresh(
          output(),
          benchDir,
          "chips, then transfers, four times",
          4L * ((long) chips + 2L * transfers),
          progress ->
              new StateCommitmentBenchmark(benchDir, chips, transfers, threads, progress).run());
    }
  }

  @Command(
      name = "witness",
      description =
          "Issue 16 figures: token signing rate for one and for many chips (with"
              + " --token-pin-file), snapshot latency from weight freeze to an anchored ack on the"
              + " embedded ledger, and the chip-side cost of a Fabric block's BFT signature check.")
  static final class Witness extends ChipLedgerCommand {
    @Option(names = "--token-pin-file", description = "A SoftHSM2 token's PIN; no token: skipped.")
    Path tokenPinFile;

    @Option(names = "--token-slot", defaultValue = "0")
    int tokenSlot;

    @Option(names = "--token-chips", defaultValue = "500")
    int tokenChips;

    @Option(names = "--signatures", defaultValue = "5000")
    int signatures;

    @Option(names = "--snapshots", defaultValue = "50")
    int snapshots;

    @Option(names = "--epoch", defaultValue = "PT0.2S", converter = DurationConverter.class)
    Duration epoch;

    @Option(names = "--weights", defaultValue = "1000000", description = "Floats per snapshot.")
    int weights;

    @Option(names = "--block-checks", defaultValue = "2000")
    int blockChecks;

    @Option(names = "--bench-dir", defaultValue = ".chipledger/bench-witness")
    Path benchDir;

    @Option(
        names = "--config-block",
        defaultValue = "network-config/channel-artifacts/treaty.block",
        description = "With --ledger fabric: the channel's configuration block the chip trusts.")
    Path configBlock;

    @Override
    public Integer call() throws Exception {
      if (tokenChips < 1 || signatures < 1 || snapshots < 1 || weights < 1 || blockChecks < 1) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "counts must be >= 1");
      }
      Optional<char[]> pin =
          tokenPinFile == null
              ? Optional.empty()
              : Optional.of(java.nio.file.Files.readString(tokenPinFile).strip().toCharArray());
      GlobalOptions options = options();
      try (Cast cast = freshCast(options, benchDir)) {
        print(
            output(),
            new WitnessBenchmark(
                    benchDir,
                    cast,
                    trust(cast),
                    pin,
                    tokenSlot,
                    tokenChips,
                    signatures,
                    snapshots,
                    epoch,
                    weights,
                    blockChecks)
                .run());
      }
      return 0;
    }

    /**
     * The anchor the bench chip is provisioned with: the embedded node's key, or on Fabric the
     * channel's configuration block.
     */
    private LedgerTrust trust(Cast cast) throws java.io.IOException {
      Duration grace = Duration.ofHours(1);
      if (cast instanceof FabricCast fabric) {
        return new LedgerTrust(
            FabricTrust.fromConfigBlock(
                org.hyperledger.fabric.protos.common.Block.parseFrom(
                    java.nio.file.Files.readAllBytes(configBlock)),
                fabric.network().config().chaincode()),
            grace);
      }
      return LedgerTrust.of(
          ((EmbeddedCast) cast).ledger().anchor().getNodeKey().toByteArray(), grace);
    }
  }

  @Command(
      name = "agent-flood",
      description =
          "Flood a loopback snapshot agent with single-record streams for unknown serials while"
              + " honest chips snapshot; print heap use and the honest chips' ack rate.")
  static final class AgentFlood extends ChipLedgerCommand {
    @Option(names = "--streams", defaultValue = "10000")
    int streams;

    @Option(names = "--wave", defaultValue = "500", description = "Streams opened at once.")
    int wave;

    @Option(names = "--honest-chips", defaultValue = "3")
    int honestChips;

    @Option(names = "--honest-records", defaultValue = "20", description = "Records per chip.")
    int honestRecords;

    @Option(names = "--bench-dir", defaultValue = ".chipledger/bench-flood")
    Path benchDir;

    @Override
    public Integer call() throws Exception {
      if (streams < 1 || wave < 1 || honestChips < 1 || honestRecords < 1) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "--streams, --wave, --honest-chips and --honest-records must be >= 1");
      }
      DataDirs.recreate(benchDir);
      print(
          output(),
          new AgentFloodBenchmark(benchDir, streams, wave, honestChips, honestRecords).run());
      return 0;
    }
  }

  @Command(
      name = "snapshots",
      description =
          "Benchmark the snapshot agent: ingestion over mTLS with signature checks and fsync,"
              + " the ledger's batch commits, and the weight hash.")
  static final class Snapshots extends ChipLedgerCommand {
    @Option(names = "--chips", defaultValue = "2000")
    int chips;

    @Option(names = "--records-per-chip", defaultValue = "50")
    int recordsPerChip;

    @Option(names = "--streams", defaultValue = "8")
    int streams;

    @Option(names = "--window", defaultValue = "512", description = "Records in flight per stream.")
    int window;

    @Option(names = "--bench-dir", defaultValue = ".chipledger/bench-snapshots")
    Path benchDir;

    @Override
    public Integer call() throws Exception {
      return measureFresh(
          output(),
          benchDir,
          "records signed, then acknowledged",
          2L * chips * recordsPerChip,
          progress ->
              new SnapshotBenchmark(benchDir, chips, recordsPerChip, streams, window, progress)
                  .run());
    }
  }

  @Command(
      name = "fleet",
      description =
          "Simulate a datacenter fleet snapshotting at Poisson times through one agent to a fresh"
              + " embedded ledger (or, with --ledger fabric, a freshly purged network), and check"
              + " that nothing acknowledged is lost.")
  static final class FleetCommand extends ChipLedgerCommand {
    @Option(names = "--chips", defaultValue = "1000000")
    int chips;

    @Option(names = "--rate-per-day", defaultValue = "0.1", description = "Snapshots per chip-day.")
    double ratePerDay;

    @Option(names = "--accelerate", defaultValue = "1000")
    double accelerate;

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class)
    java.time.Duration duration;

    @Option(names = "--epoch", defaultValue = "10s", converter = DurationConverter.class)
    java.time.Duration epoch;

    @Option(names = "--streams", defaultValue = "8")
    int streams;

    @Option(names = "--seed", defaultValue = "11")
    long seed;

    @Option(names = "--bench-dir", defaultValue = ".chipledger/bench-fleet")
    Path benchDir;

    @Option(
        names = "--reuse-fleet",
        description =
            "Keep the ledger (or network) and identities an earlier run with the same --chips,"
                + " --seed and --bench-dir left: finish its set-up where it stopped, then simulate."
                + " Its chips must not have snapshotted yet.")
    boolean reuseFleet;

    @Override
    public Integer call() throws Exception {
      GlobalOptions options = options();
      Output out = output();
      try (Cast cast = reuseFleet ? castAsLeft(options, benchDir) : freshCast(options, benchDir)) {
        Path simulation = benchDir.resolve("simulation");
        DataDirs.recreate(simulation);
        FleetSimulation fleet =
            new FleetSimulation(
                cast,
                simulation,
                new FleetSimulation.Settings(
                    chips, ratePerDay, accelerate, duration, epoch, streams, seed),
                line -> spec.commandLine().getErr().println(line));
        if (!reuseFleet) {
          Founding.found(cast, Founding.policy());
        }
        print(out, fleet.run());
      }
      return 0;
    }
  }

  @Command(
      name = "inspection",
      description =
          "Time an inspection campaign over N chips of one owner: plan, open, acknowledge, draw"
              + " and verify-sample, on a fresh embedded ledger (or a purged Fabric network).")
  static final class InspectionCommand extends ChipLedgerCommand {
    @Option(names = "--chips", defaultValue = "1000000")
    int chips;

    @Option(
        names = "--inspection-H",
        defaultValue = "1e25",
        description =
            "Eq. (1) H, FLOP; a run of H must fit on the fleet (default: ${DEFAULT-VALUE}).")
    double thresholdFlop;

    @Option(names = "--bench-dir", defaultValue = ".chipledger/bench-inspection")
    Path benchDir;

    @Override
    public Integer call() throws Exception {
      GlobalOptions options = options();
      try (Cast cast = freshCast(options, benchDir)) {
        Policy policy = Founding.policy();
        Founding.found(
            cast,
            policy.toBuilder()
                .setInspection(policy.getInspection().toBuilder().setThresholdFlop(thresholdFlop))
                .build());
        print(
            output(),
            new InspectionBenchmark(
                    cast, benchDir, chips, line -> spec.commandLine().getErr().println(line))
                .run());
      }
      return 0;
    }
  }

  @Command(
      name = "dashboard",
      description =
          "Dashboard page load times over a fleet of N chips on a fresh embedded ledger: each"
              + " page's JSON answer and the page drawn in headless Chromium.")
  static final class Dashboard extends ChipLedgerCommand {
    @Option(names = "--chips", defaultValue = "100000")
    int chips;

    @Option(names = "--repeats", defaultValue = "5", description = "Loads per page.")
    int repeats;

    @Option(names = "--bench-dir", defaultValue = ".chipledger/bench-dashboard")
    Path benchDir;

    @Override
    public Integer call() throws Exception {
      return measureFresh(
          output(),
          benchDir,
          "chips deployed",
          chips,
          progress -> new DashboardBenchmark(benchDir, chips, repeats, progress).run());
    }
  }

  @Command(
      name = "accounting",
      description =
          "Time the material balance report over a fleet of N chips on a fresh embedded ledger"
              + " (or a purged Fabric network).")
  static final class Accounting extends ChipLedgerCommand {
    @Option(names = "--chips", defaultValue = "100000")
    int chips;

    @Option(names = "--bench-dir", defaultValue = ".chipledger/bench-accounting")
    Path benchDir;

    @Override
    public Integer call() {
      GlobalOptions options = options();
      Progress progress = new Progress("chips", chips);
      try (Cast cast = freshCast(options, benchDir)) {
        print(output(), new AccountingBenchmark(cast, chips, progress::update).run());
      }
      return 0;
    }
  }

  /** The cast an earlier {@link #freshCast} made in {@code benchDir}, with its ledger as left. */
  private static Cast castAsLeft(GlobalOptions options, Path benchDir) {
    return options.ledger() == Backend.FABRIC
        ? FabricCast.create(Session.network(options), benchDir.resolve("identities"))
        : EmbeddedCast.open(benchDir.resolve("identities"), benchDir.resolve("ledger"));
  }

  /** A cast on a fresh embedded ledger in {@code benchDir}, or on the (purged) Fabric network. */
  private static Cast freshCast(GlobalOptions options, Path benchDir) {
    DataDirs.recreate(benchDir);
    return options.ledger() == Backend.FABRIC
        ? FabricCast.create(Session.network(options), benchDir.resolve("identities"))
        : EmbeddedCast.create(benchDir.resolve("identities"), benchDir.resolve("ledger"));
  }
}
