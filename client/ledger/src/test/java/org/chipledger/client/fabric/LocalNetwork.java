package org.chipledger.client.fabric;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Drives {@code network-config/network.sh} for integration tests: a freshly purged network before a
 * test class, and a purged one after it. Script output is appended to {@code
 * target/fabric-network.log}; node logs are copied to {@code target/fabric-logs/<suite>/} before
 * the purge deletes them.
 */
public final class LocalNetwork {
  private static final Path REPO = repoRoot();
  private static final Path SCRIPT = REPO.resolve("network-config/network.sh");
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final long SCRIPT_MINUTES = 10;

  /** The connection info {@code network.sh up} writes. */
  public static final Path GATEWAY =
      REPO.resolve("network-config/run/connection/gateway.properties");

  /** The channel's genesis block, the configuration the network was created with. */
  public static final Path GENESIS = REPO.resolve("network-config/channel-artifacts/treaty.block");

  private LocalNetwork() {}

  /** Purges whatever network is there and brings a new one up. */
  public static void freshUp() {
    run("down", "--purge");
    run("up");
  }

  /**
   * Purges whatever network is there and brings a new one up in the netns layout (a network
   * namespace per country); the script falls back to loopback where it can't make namespaces, which
   * {@link #layout()} tells.
   */
  public static void freshUpNetns() {
    run("down", "--purge");
    exec(Map.of("CHIPLEDGER_NETWORK_LAYOUT", "netns"), "up").orThrow();
  }

  /**
   * Like {@link #freshUpNetns()}, with WAN delays between the countries ({@code CHIPLEDGER_WAN=on}:
   * every connection from one country's namespace to another's goes through Toxiproxy with the
   * one-way delay of {@code network.sh wan table}).
   */
  public static void freshUpWan() {
    run("down", "--purge");
    exec(Map.of("CHIPLEDGER_NETWORK_LAYOUT", "netns", "CHIPLEDGER_WAN", "on"), "up").orThrow();
  }

  /**
   * Purges whatever network is there and brings a new one up in the hosts layout, as countries on
   * hosts of their own would: {@code network.sh bootstrap} once, then each country's {@code up
   * --countries CC}, all five at the same time as separate processes, each at its address from
   * {@code addresses} (a file of {@code KEY ADDRESS} lines; on one machine, distinct loopback
   * addresses such as 127.0.1.11 stand for the hosts).
   */
  public static void freshUpAsHosts(Path addresses) {
    run("down", "--purge");
    Map<String, String> env =
        Map.of("CHIPLEDGER_NETWORK_LAYOUT", "hosts", "CHIPLEDGER_ADDRESSES", addresses.toString());
    exec(env, "bootstrap").orThrow();
    List<String> countries = List.of("tw", "us", "nl", "sg", "treaty");
    ExecutorService hosts = Executors.newFixedThreadPool(countries.size());
    try {
      List<Future<ScriptRun>> ups =
          countries.stream()
              .map(cc -> hosts.submit(() -> exec(Map.of(), "up", "--countries", cc)))
              .toList();
      for (Future<ScriptRun> up : ups) {
        up.get().orThrow();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a host's up failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the hosts came up", e);
    } finally {
      hosts.shutdownNow();
    }
  }

  /** {@code network.sh wan ARGS}: {@code table}, {@code slow CC FACTOR} or {@code show}. */
  public static String wan(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "wan";
    System.arraycopy(args, 0, full, 1, args.length);
    return run(full);
  }

  /**
   * How long a TLS handshake takes from inside country {@code from}'s namespace to {@code hostPort}
   * (measured by curl there, so it takes the route that country's nodes take).
   */
  public static Duration tlsHandshake(String from, String hostPort) {
    List<String> command =
        List.of(
            "ip",
            "netns",
            "exec",
            "clns-" + from,
            "curl",
            "-sk",
            "-o",
            "/dev/null",
            "--max-time",
            "20",
            "-w",
            "%{time_appconnect}",
            "https://" + hostPort + "/");
    String seconds = lastLine(exec(Map.of(), command).orThrow());
    return Duration.ofNanos(Math.round(Double.parseDouble(seconds) * 1e9));
  }

  /** The layout of the running network: {@code netns} or {@code loopback}. */
  public static String layout() {
    String first = status(Integer.MAX_VALUE).output().strip().lines().findFirst().orElse("");
    if (!first.startsWith("layout: ")) {
      throw new IllegalStateException("network.sh status did not start with the layout: " + first);
    }
    return first.substring("layout: ".length()).split(" ", 2)[0];
  }

  /** Cuts a country ({@code tw}, {@code us}, {@code nl}, {@code sg}, {@code treaty}) off. */
  public static void partition(String country) {
    run("partition", country);
  }

  /** Undoes {@link #partition}. */
  public static void heal(String country) {
    run("heal", country);
  }

  /**
   * {@code network.sh status} with {@code CHIPLEDGER_STATUS_MAX_LAG=maxLag}: exit code 0 (all
   * healthy), 1 (a node down) or 3 (a node more than {@code maxLag} blocks behind), and the table.
   */
  public static ScriptRun status(int maxLag) {
    return exec(Map.of("CHIPLEDGER_STATUS_MAX_LAG", Integer.toString(maxLag)), "status");
  }

  /** What a run of network.sh returned. */
  public record ScriptRun(int exitCode, String output) {
    /** The status table's row of a node, by the name it shows (e.g. {@code peer0.tw.treaty}). */
    public String row(String node) {
      return output
          .lines()
          .filter(line -> line.startsWith(node + " "))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no row " + node + " in\n" + output));
    }

    String orThrow() {
      if (exitCode != 0) {
        List<String> lines = output.strip().lines().toList();
        throw new IllegalStateException(
            "network.sh failed with exit code "
                + exitCode
                + "; its last lines (all in target/fabric-network.log):\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
      }
      return output;
    }
  }

  /**
   * {@code network.sh org ARGS}: {@code remove|add MSPID [--signers MSP,...]}, a channel config
   * update signed by the signers' admins; its exit code and output (the orderer may refuse it).
   */
  public static ScriptRun org(String... args) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "org"));
    command.addAll(List.of(args));
    return exec(Map.of(), command);
  }

  /** Stops every node and keeps all data ({@code network.sh down}). */
  public static void down() {
    run("down");
  }

  /** Starts the network, on its existing ledgers if there are any. */
  public static void up() {
    run("up");
  }

  /** The orderer that leads BFT consensus now, e.g. {@code orderer.tw}. */
  public static String leader() {
    return lastLine(run("leader"));
  }

  /** SIGKILLs a node ({@code orderer.tw}, {@code peer.nl}, …, or {@code leader}); its name. */
  public static String kill(String node) {
    return lastLine(run("kill", node));
  }

  /** SIGSTOPs a node: it stays alive and answers nothing, as a wedged node would. */
  public static String freeze(String node) {
    return lastLine(run("freeze", node));
  }

  /** The nodes' (and the watchdog's) log directory of the running network. */
  public static Path logs() {
    return REPO.resolve("network-config/run/logs");
  }

  /** Starts a stopped node again and waits until it is healthy and has joined the channel. */
  public static void start(String node) {
    run("start", node);
  }

  /** A node's block height on the channel. */
  public static long height(String node) {
    return Long.parseLong(lastLine(run("height", node)));
  }

  /** Keeps the nodes' logs under {@code target/fabric-logs/<suite>}, then purges the network. */
  public static void purge(String suite) {
    copyLogs(TARGET.resolve("fabric-logs").resolve(suite));
    run("down", "--purge");
  }

  /** Runs network.sh; returns its output, which is also appended to the log. */
  private static String run(String... args) {
    return exec(Map.of(), args).orThrow();
  }

  /** Runs network.sh with extra environment; its exit code and output. */
  private static ScriptRun exec(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    return exec(env, command);
  }

  private static ScriptRun exec(Map<String, String> env, List<String> command) {
    Path log = TARGET.resolve("fabric-network.log");
    try {
      Files.createDirectories(TARGET);
      // A file, not a pipe: reading a pipe could outlive the timeout if a node inherited it.
      Path output = Files.createTempFile(TARGET, "network-sh", ".out");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(SCRIPT_MINUTES, TimeUnit.MINUTES);
        String text = Files.readString(output);
        Files.writeString(
            log,
            "$ " + (env.isEmpty() ? "" : env + " ") + String.join(" ", command) + "\n" + text,
            CREATE,
            APPEND);
        if (!finished) {
          process.destroyForcibly();
          throw new IllegalStateException(
              command + " did not finish in " + SCRIPT_MINUTES + " minutes; see " + log);
        }
        return new ScriptRun(process.exitValue(), text);
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static String lastLine(String output) {
    List<String> lines = output.strip().lines().toList();
    return lines.get(lines.size() - 1).strip();
  }

  private static void copyLogs(Path to) {
    Path logs = logs();
    if (!Files.isDirectory(logs)) {
      return;
    }
    try (Stream<Path> files = Files.list(logs)) {
      Files.createDirectories(to);
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository root: the first ancestor of the working directory with network-config/. */
  private static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("network-config/network.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no network-config/network.sh above " + Path.of("").toAbsolutePath());
  }
}
