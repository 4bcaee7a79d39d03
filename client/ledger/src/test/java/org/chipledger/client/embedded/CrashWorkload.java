package org.chipledger.client.embedded;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;

/**
 * The child process of {@link CrashTest}: submits transactions from several threads as fast as it
 * can and prints {@code ACK <txId> <key> <value>} once each submit has returned, until killed.
 */
public final class CrashWorkload {
  static final String MSP = "TWMSP";
  static final String USER = "fab";
  private static final int THREADS = 4;

  private CrashWorkload() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    IdentityStore identities = new IdentityStore(identities(dir));
    String caPem = identities.createCa(MSP).certificatePem();
    Identity fab = identities.issue(MSP, USER, "fab-tw", "fab", "TW");
    EmbeddedLedger ledger = EmbeddedLedger.create(ledger(dir), Map.of(MSP, caPem));
    Ledger session = ledger.connect(fab);
    PrintStream out = System.out;
    Thread[] workers = new Thread[THREADS];
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers[t] =
          new Thread(
              () -> {
                for (long i = 0; ; i++) {
                  String key = "crash-" + thread + "-" + i;
                  String value = "value-" + i;
                  Committed committed = session.submit("testkv:Put", List.of(key, value));
                  synchronized (out) {
                    out.println("ACK " + committed.txId() + " " + key + " " + value);
                    out.flush();
                  }
                }
              });
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
  }

  static Path identities(Path dir) {
    return dir.resolve("identities");
  }

  static Path ledger(Path dir) {
    return dir.resolve("ledger");
  }
}
