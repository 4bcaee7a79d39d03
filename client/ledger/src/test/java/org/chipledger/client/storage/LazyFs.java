package org.chipledger.client.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A LazyFS mount for power-loss tests: a FUSE file system over {@link #root} that keeps written
 * data in its own cache until fsync, and drops everything not fsynced on {@link #powerLoss}. Built
 * by {@code client/ledger/src/test/lazyfs/build-lazyfs.sh} (cached per machine); each mount has its
 * own fault FIFO. Failing to build or mount is an error, never a skipped test.
 */
public final class LazyFs implements AutoCloseable {
  static final String SCRIPT = "client/ledger/src/test/lazyfs/build-lazyfs.sh";
  private static final long BUILD_MINUTES = 10;
  private static final long MOUNT_SECONDS = 30;
  private static final long CLEAR_SECONDS = 20;

  private final Path mount;
  private final Path root;
  private final Path fifo;
  private final Path log;
  private final Process process;
  private int clears;

  private LazyFs(Path mount, Path root, Path fifo, Path log, Process process) {
    this.mount = mount;
    this.root = root;
    this.fifo = fifo;
    this.log = log;
    this.process = process;
  }

  /**
   * Builds LazyFS if needed and mounts it on {@code dir/mnt} over {@code dir/root}; returns once
   * the mount is live.
   */
  public static LazyFs mount(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path binary = build(dir);
    Path mount = Files.createDirectories(dir.resolve("mnt"));
    Path root = Files.createDirectories(dir.resolve("root"));
    Path fifo = dir.resolve("faults.fifo");
    run(List.of("mkfifo", fifo.toString()), dir.resolve("mkfifo.log"), 10);
    Path config = dir.resolve("lazyfs.toml");
    // A small cache: LazyFS allocates all of it up front, and a test writes a few megabytes.
    Files.writeString(
        config,
        String.join(
            "\n",
            "[faults]",
            "fifo_path=\"" + fifo + "\"",
            "[cache]",
            "apply_eviction=false",
            "[cache.simple]",
            "custom_size=\"256mb\"",
            "blocks_per_page=1",
            "[filesystem]",
            "log_all_operations=false",
            "logfile=\"\"",
            ""),
        StandardCharsets.UTF_8);
    Path log = dir.resolve("lazyfs.log");
    Process process =
        new ProcessBuilder(
                binary.toString(),
                mount.toString(),
                "--config-path",
                config.toString(),
                "-o",
                "modules=subdir",
                "-o",
                "subdir=" + root,
                "-f")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LazyFs fs = new LazyFs(mount, root, fifo, log, process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MOUNT_SECONDS);
    while (!fs.mounted()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("LazyFS did not mount " + mount + ":\n" + fs.logTail());
      }
      Thread.sleep(50);
    }
    return fs;
  }

  /** Where the code under test reads and writes. */
  public Path path() {
    return mount;
  }

  /** The backing directory: after {@link #close}, exactly what was made durable. */
  public Path root() {
    return root;
  }

  /**
   * Simulated power loss of the storage: drops every write that was not fsynced, and returns once
   * LazyFS reports the cache cleared. Freeze the writers first: a real power loss also stops them.
   */
  public void powerLoss() throws IOException, InterruptedException {
    Files.writeString(fifo, "lazyfs::clear-cache\n", StandardCharsets.UTF_8);
    clears++;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLEAR_SECONDS);
    while (count("cache is cleared") < clears) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("LazyFS never cleared its cache:\n" + logTail());
      }
      Thread.sleep(20);
    }
  }

  /**
   * Stops {@code process} where it stands (SIGSTOP), as a power cut stops a machine: it writes and
   * acknowledges nothing more, and its open files are not closed before the crash.
   */
  public static void freeze(Process process) throws IOException, InterruptedException {
    Path log = Files.createTempFile("freeze", ".log");
    try {
      run(List.of("kill", "-STOP", Long.toString(process.pid())), log, 10);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Unmounts; LazyFS keeps nothing it did not write through to {@link #root}. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      for (int attempt = 0; attempt < 50 && mounted(); attempt++) {
        run(List.of("fusermount3", "-u", mount.toString()), log.resolveSibling("umount.log"), 10);
        if (mounted()) {
          Thread.sleep(100);
        }
      }
      if (mounted()) {
        run(List.of("fusermount3", "-u", "-z", mount.toString()), log.resolveSibling("u.log"), 10);
      }
    } finally {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private boolean mounted() throws IOException {
    String needle = " " + mount + " ";
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      if (line.contains(needle) && line.contains("lazyfs")) {
        return true;
      }
    }
    return false;
  }

  private int count(String marker) throws IOException {
    int n = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.contains(marker)) {
        n++;
      }
    }
    return n;
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Runs the build script (instant once cached) and returns the binary it names. */
  private static Path build(Path dir) throws IOException, InterruptedException {
    Path script = script();
    Path out = dir.resolve("build-lazyfs.out");
    run(List.of("bash", script.toString()), out, TimeUnit.MINUTES.toSeconds(BUILD_MINUTES));
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    Path binary = Path.of(lines.get(lines.size() - 1).trim());
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(script + " named no executable: " + lines);
    }
    return binary;
  }

  private static Path script() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve(SCRIPT))) {
        return at.resolve(SCRIPT);
      }
    }
    throw new IllegalStateException(
        "cannot find " + SCRIPT + " above " + Path.of("").toAbsolutePath());
  }

  private static void run(List<String> command, Path output, long seconds)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " took over " + seconds + " s");
    }
    if (process.exitValue() != 0) {
      String text = Files.readString(output, StandardCharsets.UTF_8);
      throw new IllegalStateException(command + " failed (" + process.exitValue() + "):\n" + text);
    }
  }
}
