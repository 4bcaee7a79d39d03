package org.chipledger.app.dashboard.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.chipledger.app.scratch.DataDirs;

/**
 * Debian's Chromium, headless, on a profile directory made for this process alone, listening for
 * DevTools on a port it picks itself; closing it ends the browser with all its helper processes and
 * deletes the directory.
 */
final class ChromiumProcess implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private static final Duration POLL = Duration.ofMillis(20);

  /** How long an ended browser's processes get to exit, and its files to stop changing. */
  private static final Duration EXIT_PATIENCE = Duration.ofSeconds(10);

  private final Process process;
  private final Path workDir;

  private ChromiumProcess(Process process, Path workDir) {
    this.process = process;
    this.workDir = workDir;
  }

  /**
   * Starts the browser.
   *
   * @throws DevToolsException if Chromium is not installed
   */
  static ChromiumProcess launch() throws IOException {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new DevToolsException(CHROMIUM + " is missing: apt-get install chromium");
    }
    Path workDir = Files.createTempDirectory("chipledger-chromium-");
    List<String> command =
        List.of(
            CHROMIUM.toString(),
            "--headless=new",
            "--remote-debugging-port=0",
            "--user-data-dir=" + profile(workDir),
            // The sandbox needs user namespaces, which containers and root lack.
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1100,760",
            "about:blank");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log(workDir).toFile())
              .start();
      return new ChromiumProcess(process, workDir);
    } catch (IOException e) {
      delete(workDir);
      throw e;
    }
  }

  /**
   * The browser's DevTools WebSocket, from the {@code DevToolsActivePort} file it writes into its
   * profile once it listens: the port on the first line, the endpoint's path on the second.
   *
   * @throws DevToolsException if the browser exits, or writes no such file within {@code patience}
   */
  URI endpoint(Duration patience) throws InterruptedException {
    Path portFile = profile(workDir).resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      List<String> lines = readLines(portFile);
      if (lines.size() >= 2 && !lines.get(1).isBlank()) {
        return URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
      }
      if (!process.isAlive()) {
        throw new DevToolsException(
            CHROMIUM + " exited with " + process.exitValue() + " before listening: " + logTail());
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new DevToolsException(
            CHROMIUM
                + " wrote no "
                + portFile
                + " within "
                + patience.toSeconds()
                + " s: "
                + logTail());
      }
      TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
    }
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  Path workDir() {
    return workDir;
  }

  @Override
  public void close() {
    List<ProcessHandle> family =
        Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    boolean interrupted = false;
    for (ProcessHandle member : family) {
      member.destroy();
    }
    for (ProcessHandle member : family) {
      try {
        member.onExit().get(EXIT_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        member.destroyForcibly();
      } catch (InterruptedException e) {
        interrupted = true;
        member.destroyForcibly();
      }
    }
    delete(workDir);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deletes {@code dir}, trying again while a dying helper process still writes into it. */
  private static void delete(Path dir) {
    long deadline = System.nanoTime() + EXIT_PATIENCE.toNanos();
    while (true) {
      try {
        DataDirs.recreate(dir);
        return;
      } catch (UncheckedIOException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw new DevToolsException("could not delete the browser's directory " + dir, e);
        }
        LockSupport.parkNanos(POLL.toNanos());
      }
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The end of what the browser printed, for an error message. */
  private String logTail() {
    try {
      String printed = Files.readString(log(workDir), StandardCharsets.UTF_8).strip();
      return printed.isEmpty()
          ? "it printed nothing"
          : printed.substring(Math.max(0, printed.length() - 2000));
    } catch (IOException e) {
      return "its output is unreadable: " + e.getMessage();
    }
  }

  private static Path profile(Path workDir) {
    return workDir.resolve("profile");
  }

  private static Path log(Path workDir) {
    return workDir.resolve("chromium.log");
  }
}
