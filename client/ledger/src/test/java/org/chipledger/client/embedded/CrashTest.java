package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a busy ledger process with SIGKILL and checks that nothing it acknowledged was lost. */
class CrashTest {
  private static final int ACKS_BEFORE_KILL = 2_000;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedTransactionSurvivesSigkill() throws Exception {
    Path stderr = dir.resolve("child-stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CrashWorkload.class.getName(),
            dir.toString());
    builder.environment().put("ROCKSDB_SHAREDLIB_DIR", dir.resolve("native").toString());
    builder.redirectError(stderr.toFile());
    Process child = builder.start();

    List<String> acks = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
    Thread reader = new Thread(() -> readAcks(child, acks, enough), "crash-test-reader");
    reader.start();
    try {
      enough.await(120, TimeUnit.SECONDS);
    } finally {
      child.destroyForcibly();
      child.waitFor(60, TimeUnit.SECONDS);
      reader.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(child.isAlive()).isFalse();
    assertThat(acks)
        .as("the child should acknowledge transactions; its stderr:%n%s", tail(stderr))
        .hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

    IdentityStore identities = new IdentityStore(CrashWorkload.identities(dir));
    try (EmbeddedLedger ledger = EmbeddedLedger.open(CrashWorkload.ledger(dir))) {
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
      assertThat(lost).isEmpty();
      VerifyReport report = ledger.verify();
      assertThat(report.ok()).as(report.problem()).isTrue();
      assertThat(report.transactions()).isGreaterThanOrEqualTo(acks.size());
    }
  }

  /** Collects ACK lines until the child's stdout closes; then releases the waiting test. */
  static void readAcks(Process child, List<String> acks, CountDownLatch enough) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("ACK ")) {
          acks.add(line);
          enough.countDown();
        }
      }
    } catch (IOException e) {
      // The pipe breaks when the child is killed; the lines read so far are what counts.
    } finally {
      while (enough.getCount() > 0) {
        enough.countDown();
      }
    }
  }

  static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "(none)";
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
