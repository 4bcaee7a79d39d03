package org.chipledger.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.storage.DurableRocks;
import org.chipledger.client.storage.LazyFs;
import org.chipledger.firmware.Firmware;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cuts the power under a busy snapshot agent whose journal lives on LazyFS. The agent batches once
 * an hour, so an acknowledged record exists only in the journal when the power goes; after the
 * restart, every record the chips made must still reach the ledger, each once. Run with {@code
 * -Dchipledger.storage.unsafe-skip-fsync=true} to see the first test fail.
 */
@Tag("lazyfs")
class AgentPowerLossTest {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);
  private static final long LOAD_SECONDS = 8;
  private static final String HOURLY_EPOCH_MS = Long.toString(TimeUnit.HOURS.toMillis(1));

  @TempDir Path dir;

  @Test
  void everyAcknowledgedRecordSurvivesPowerLoss() throws Exception {
    Outcome outcome = runAndCutPower(Boolean.getBoolean(DurableRocks.SKIP_FSYNC_PROPERTY));
    assertThat(outcome.problems).as("after power loss and restart").isEmpty();
  }

  /** The control: a journal that never fsyncs loses acknowledged records, and this test sees it. */
  @Test
  void withoutFsyncAcknowledgedRecordsAreLost() throws Exception {
    Outcome outcome = runAndCutPower(true);
    assertThat(outcome.problems).as("an agent that never fsyncs should lose records").isNotEmpty();
  }

  private Outcome runAndCutPower(boolean skipFsync) throws Exception {
    SnapshotWorld world = SnapshotWorld.create(dir, 2);
    List<String> options = List.of("-D" + DurableRocks.SKIP_FSYNC_PROPERTY + "=" + skipFsync);
    List<String> problems = new ArrayList<>();
    Map<String, Long> made = new TreeMap<>();
    try (LazyFs fs = LazyFs.mount(dir.resolve("lazyfs"))) {
      Files.createSymbolicLink(
          dir.resolve("agent-store"), Files.createDirectories(fs.path().resolve("agent-store")));
      AgentCrashTest.Child child =
          AgentCrashTest.Child.start(dir, options, List.of("none", "0", HOURLY_EPOCH_MS));
      List<Firmware> chips = boot(world, child.port);
      long acked = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOAD_SECONDS);
      while (System.nanoTime() < deadline) {
        for (Firmware chip : chips) {
          chip.snapshot("run-power");
        }
      }
      LazyFs.freeze(child.process());
      for (Firmware chip : chips) {
        acked += chip.acked().counter();
      }
      fs.powerLoss();
      child.kill();
      for (Firmware chip : chips) {
        chip.close();
      }
      assertThat(acked).as("records acknowledged before the power loss").isGreaterThan(10);

      AgentCrashTest.Child restarted;
      try {
        restarted = AgentCrashTest.Child.start(dir, options, List.of("none", "0", HOURLY_EPOCH_MS));
      } catch (AssertionError e) {
        problems.add("the agent did not restart: " + e.getMessage());
        return new Outcome(problems);
      }
      chips = boot(world, restarted.port);
      for (Firmware chip : chips) {
        chip.snapshot("run-power");
        if (chip.unacknowledged() != 0) {
          problems.add(chip.serial() + ": " + chip.unacknowledged() + " records never acked");
        }
        made.put(chip.serial(), chip.head().counter());
        chip.close();
      }
      restarted.flushAndExit();
    }
    try (EmbeddedLedger ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir));
        LedgerClient operator = SnapshotWorld.operator(dir, ledger)) {
      for (var chip : made.entrySet()) {
        ChipSnapshotHead head = operator.chipHead(chip.getKey());
        if (head.getCounter() != chip.getValue()) {
          problems.add(
              chip.getKey() + ": ledger head " + head.getCounter() + ", chip " + chip.getValue());
        }
      }
    }
    return new Outcome(problems);
  }

  private static List<Firmware> boot(SnapshotWorld world, int port) throws IOException {
    List<Firmware> chips = new ArrayList<>();
    for (String serial : world.deployed) {
      chips.add(world.chip(serial, port, ACK_TIMEOUT));
    }
    return chips;
  }

  /** What went wrong after the power loss; empty if nothing acknowledged was lost. */
  private record Outcome(List<String> problems) {}
}
