package org.chipledger.agent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;

/**
 * The agent as a child process for {@link AgentCrashTest}. Arguments: the world's directory, a
 * {@link Faults.Point} name or {@code none}, and which arrival at that point freezes the process
 * (the test then kills it with SIGKILL). Prints {@code LISTENING <port>} when serving and {@code
 * CRASH-POINT <point>} when frozen; on a {@code flush} line on stdin it commits everything and
 * prints {@code FLUSHED}; it exits when stdin closes. An optional fourth argument is the batch
 * epoch in milliseconds (default 300).
 */
public final class AgentCrashWorkload {
  private AgentCrashWorkload() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Faults faults = faults(args[1], Integer.parseInt(args[2]), out);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir));
        LedgerClient operator = SnapshotWorld.operator(dir, ledger);
        SnapshotAgent agent =
            SnapshotAgent.start(
                SnapshotWorld.config(
                    dir,
                    LinkSecurity.TlsFiles.in(dir.resolve("tls/agent")),
                    Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 300),
                    faults),
                operator)) {
      out.println("LISTENING " + agent.port());
      BufferedReader commands =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        if (line.equals("flush")) {
          while (agent.metrics().queueDepth() > 0) {
            agent.flush();
          }
          out.println("FLUSHED");
        }
      }
    }
  }

  private static Faults faults(String point, int nth, PrintStream out) {
    if (point.equals("none")) {
      return Faults.NONE;
    }
    Faults.Point target = Faults.Point.valueOf(point);
    AtomicInteger arrivals = new AtomicInteger();
    return reached -> {
      if (reached == target && arrivals.incrementAndGet() == nth) {
        out.println("CRASH-POINT " + reached);
        // Frozen exactly here until the test's SIGKILL.
        while (true) {
          try {
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException e) {
            // Stay frozen; only SIGKILL ends this process.
          }
        }
      }
    };
  }
}
