package org.chipledger.client.fabric;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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

  private LocalNetwork() {}

  /** Purges whatever network is there and brings a new one up. */
  public static void freshUp() {
    run("down", "--purge");
    run("up");
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
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    Path log = TARGET.resolve("fabric-network.log");
    try {
      Files.createDirectories(TARGET);
      // A file, not a pipe: reading a pipe could outlive the timeout if a node inherited it.
      Path output = Files.createTempFile(TARGET, "network-sh", ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(REPO.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = process.waitFor(SCRIPT_MINUTES, TimeUnit.MINUTES);
        String text = Files.readString(output);
        Files.writeString(log, "$ " + String.join(" ", args) + "\n" + text, CREATE, APPEND);
        if (!finished) {
          process.destroyForcibly();
          throw new IllegalStateException(
              command + " did not finish in " + SCRIPT_MINUTES + " minutes; see " + log);
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              command + " failed with exit code " + process.exitValue() + "; see " + log);
        }
        return text;
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
