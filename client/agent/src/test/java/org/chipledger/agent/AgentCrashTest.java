package org.chipledger.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.firmware.Firmware;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills the agent with SIGKILL at each point of its durability path, restarts it on the same store,
 * and checks that the ledger ends with every record the chips made, each exactly once.
 */
class AgentCrashTest {
  /** Short while the agent is being killed, so that chips fall back to NVRAM and move on. */
  private static final Duration ACK_TIMEOUT_UNTIL_CRASH = Duration.ofSeconds(3);

  /**
   * After the restart every record must be acknowledged; a cold agent JVM on a loaded 2-core host
   * can take well over 3 s for its first TLS handshake and ledger read, and an ack arrives as soon
   * as it is ready, so this bound only caps a real failure.
   */
  private static final Duration ACK_TIMEOUT_AFTER_RESTART = Duration.ofSeconds(90);

  private static final int MAX_SNAPSHOTS_BEFORE_CRASH = 400;

  @TempDir Path dir;

  @ParameterizedTest(name = "kill -9 at {0}")
  @CsvSource({"AFTER_PERSIST, 3", "AFTER_ACK, 3", "AFTER_SEAL, 1", "AFTER_LEDGER_COMMIT, 1"})
  void nothingIsLostAndNothingIsCommittedTwice(String point, int nth) throws Exception {
    SnapshotWorld world = SnapshotWorld.create(dir, 2);

    Child child = Child.start(dir, point, nth);
    List<Firmware> chips = boot(world, child.port, ACK_TIMEOUT_UNTIL_CRASH);
    int taken = 0;
    while (!child.crashed() && taken < MAX_SNAPSHOTS_BEFORE_CRASH) {
      for (Firmware chip : chips) {
        chip.snapshot("run-crash");
        taken++;
      }
    }
    assertThat(child.crashed())
        .as("the agent reached %s; stderr: %s", point, child.stderr())
        .isTrue();
    child.kill();
    for (Firmware chip : chips) {
      chip.close();
    }

    Child restarted = Child.start(dir, "none", 0);
    chips = boot(world, restarted.port, ACK_TIMEOUT_AFTER_RESTART);
    for (Firmware chip : chips) {
      chip.snapshot("run-crash");
      assertThat(chip.unacknowledged()).as("backlog of %s after restart", chip.serial()).isZero();
    }
    restarted.flushAndExit();

    long records = 0;
    try (EmbeddedLedger ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir));
        LedgerClient operator = SnapshotWorld.operator(dir, ledger)) {
      for (Firmware chip : chips) {
        ChipSnapshotHead head = operator.chipHead(chip.serial());
        assertThat(head.getCounter()).as(chip.serial()).isEqualTo(chip.head().counter());
        assertThat(head.getRecordHash()).isEqualTo(chip.head().recordHash());
        records += chip.head().counter();
        chip.close();
      }
      long committed = 0;
      for (long seq = 1; seq <= operator.lastSnapshotBatch(SnapshotWorld.SITE); seq++) {
        try {
          committed += operator.snapshotBatch(SnapshotWorld.SITE, seq).getRecordCount();
        } catch (LedgerException e) {
          assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_NOT_FOUND);
        }
      }
      assertThat(committed)
          .as("records in committed batches: no loss, no duplicate")
          .isEqualTo(records);
    }
  }

  private static List<Firmware> boot(SnapshotWorld world, int port, Duration ackTimeout)
      throws IOException {
    List<Firmware> chips = new ArrayList<>();
    for (String serial : world.deployed) {
      chips.add(world.chip(serial, port, ackTimeout));
    }
    return chips;
  }

  /** The agent's JVM and its stdout lines. */
  static final class Child {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;
    private volatile boolean crashed;
    final int port;

    private Child(Process process, Path stderr) throws InterruptedException {
      this.process = process;
      this.stderr = stderr;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("CRASH-POINT")) {
                      crashed = true;
                    }
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // The process was killed: its stdout ends here.
                }
              },
              "agent-child-stdout");
      reader.setDaemon(true);
      reader.start();
      String listening = await("LISTENING");
      this.port = Integer.parseInt(listening.substring("LISTENING ".length()));
    }

    static Child start(Path dir, String point, int nth) throws IOException, InterruptedException {
      return start(dir, List.of(), List.of(point, Integer.toString(nth)));
    }

    /** The workload with extra JVM options and its arguments after the world's directory. */
    static Child start(Path dir, List<String> jvmOptions, List<String> args)
        throws IOException, InterruptedException {
      Path stderr = Files.createTempFile(dir, "agent-", ".stderr");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              AgentCrashWorkload.class.getName(),
              dir.toString()));
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("ROCKSDB_SHAREDLIB_DIR", dir.resolve("native").toString());
      builder.redirectError(stderr.toFile());
      return new Child(builder.start(), stderr);
    }

    Process process() {
      return process;
    }

    boolean crashed() {
      return crashed;
    }

    String await(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line != null && line.startsWith(prefix)) {
          return line;
        }
        if (line == null && !process.isAlive()) {
          break;
        }
      }
      throw new AssertionError("the agent never printed " + prefix + "; stderr:\n" + stderr());
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL on Linux
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    void flushAndExit() throws IOException, InterruptedException {
      Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      in.write("flush\n");
      in.flush();
      await("FLUSHED");
      in.close();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(stderr()).isZero();
    }

    String stderr() {
      try {
        String text = Files.readString(stderr);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
      } catch (IOException e) {
        return "(unreadable: " + e.getMessage() + ")";
      }
    }
  }
}
