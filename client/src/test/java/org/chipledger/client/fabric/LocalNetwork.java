package org.chipledger.client.fabric;

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
final class LocalNetwork {
  private static final Path REPO = repoRoot();
  private static final Path SCRIPT = REPO.resolve("network-config/network.sh");
  private static final Path TARGET = REPO.resolve("client/target");
  private static final long SCRIPT_MINUTES = 10;

  /** The connection info {@code network.sh up} writes. */
  static final Path GATEWAY = REPO.resolve("network-config/run/connection/gateway.properties");

  private LocalNetwork() {}

  /** Purges whatever network is there and brings a new one up. */
  static void freshUp() {
    run("down", "--purge");
    run("up");
  }

  /** Keeps the nodes' logs under {@code target/fabric-logs/<suite>}, then purges the network. */
  static void purge(String suite) {
    copyLogs(TARGET.resolve("fabric-logs").resolve(suite));
    run("down", "--purge");
  }

  private static void run(String... args) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    Path log = TARGET.resolve("fabric-network.log");
    try {
      Files.createDirectories(TARGET);
      Process process =
          new ProcessBuilder(command)
              .directory(REPO.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!process.waitFor(SCRIPT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            command + " did not finish in " + SCRIPT_MINUTES + " minutes; see " + log);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            command + " failed with exit code " + process.exitValue() + "; see " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static void copyLogs(Path to) {
    Path logs = REPO.resolve("network-config/run/logs");
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
