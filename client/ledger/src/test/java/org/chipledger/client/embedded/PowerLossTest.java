package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.storage.DurableRocks;
import org.chipledger.client.storage.LazyFs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cuts the power under a busy embedded ledger: its block log lives on LazyFS, which forgets every
 * write not fsynced. The process is frozen, the unsynced data dropped, then the process killed;
 * every transaction it acknowledged must be in the reopened ledger. Run with {@code
 * -Dchipledger.storage.unsafe-skip-fsync=true} to see the first test fail.
 */
@Tag("lazyfs")
class PowerLossTest {
  private static final int ACKS_BEFORE_POWER_LOSS = 300;

  /** A cold JVM on a loaded 2-core host can take this long to its first commit. */
  private static final long START_SECONDS = 45;

  private static final long LOAD_SECONDS = 10;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedTransactionSurvivesPowerLoss() throws Exception {
    Outcome outcome = runAndCutPower(Boolean.getBoolean(DurableRocks.SKIP_FSYNC_PROPERTY));
    assertThat(outcome.openFailure).as("the ledger reopens after power loss").isNull();
    assertThat(outcome.lost).as("acknowledged transactions missing after power loss").isEmpty();
    assertThat(outcome.report.ok()).as(outcome.report.problem()).isTrue();
  }

  /**
   * The control: without fsync the same run loses acknowledged transactions, and this test sees it.
   */
  @Test
  void withoutFsyncAcknowledgedTransactionsAreLost() throws Exception {
    Outcome outcome = runAndCutPower(true);
    assertThat(outcome.openFailure != null || !outcome.lost.isEmpty())
        .as("a ledger that never fsyncs should lose acknowledged work at power loss")
        .isTrue();
  }

  private Outcome runAndCutPower(boolean skipFsync) throws Exception {
    Path stderr = dir.resolve("child-stderr.txt");
    List<String> acks = Collections.synchronizedList(new ArrayList<>());
    Path ledgerDir;
    try (LazyFs fs = LazyFs.mount(dir.resolve("lazyfs"))) {
      Path work = Files.createDirectories(dir.resolve("work"));
      // The ledger on LazyFS, the identities (not under test) on the ordinary disk.
      Files.createSymbolicLink(
          CrashWorkload.ledger(work), Files.createDirectories(fs.path().resolve("ledger")));
      ledgerDir = fs.root().resolve("ledger");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-D" + DurableRocks.SKIP_FSYNC_PROPERTY + "=" + skipFsync);
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              CrashWorkload.class.getName(),
              work.toString()));
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("ROCKSDB_SHAREDLIB_DIR", dir.resolve("native").toString());
      builder.redirectError(stderr.toFile());
      Process child = builder.start();
      CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_POWER_LOSS);
      Thread reader =
          new Thread(() -> CrashTest.readAcks(child, acks, enough), "power-loss-reader");
      reader.start();
      try {
        long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (acks.isEmpty() && child.isAlive() && System.nanoTime() < started) {
          Thread.sleep(50);
        }
        enough.await(LOAD_SECONDS, TimeUnit.SECONDS);
        LazyFs.freeze(child);
        fs.powerLoss();
      } finally {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertThat(acks)
          .as("the child should acknowledge transactions; its stderr:%n%s", CrashTest.tail(stderr))
          .hasSizeGreaterThanOrEqualTo(20);
    }
    // Unmounted: the backing directory holds exactly what reached the disk.
    IdentityStore identities = new IdentityStore(CrashWorkload.identities(dir.resolve("work")));
    try (EmbeddedLedger ledger = EmbeddedLedger.open(ledgerDir)) {
      Ledger fab = ledger.connect(identities.load(CrashWorkload.MSP, CrashWorkload.USER));
      List<String> lost = new ArrayList<>();
      for (String ack : List.copyOf(acks)) {
        String[] parts = ack.split(" ", 4);
        String stored =
            new String(fab.evaluate("testkv:Get", List.of(parts[2])), StandardCharsets.UTF_8);
        if (!ledger.isCommitted(parts[1]) || !stored.equals(parts[3])) {
          lost.add(ack);
        }
      }
      return new Outcome(lost, ledger.verify(), null);
    } catch (RuntimeException e) {
      if (!skipFsync) {
        throw e;
      }
      return new Outcome(List.of(), null, e);
    }
  }

  /** What the reopened ledger kept; {@code openFailure} if it would not open at all. */
  private record Outcome(List<String> lost, VerifyReport report, RuntimeException openFailure) {}
}
