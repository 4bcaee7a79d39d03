package org.chipledger.app.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.pol.ledger.LedgerVerification;
import org.chipledger.pol.ledger.SelectionSecrets;
import org.chipledger.pol.ledger.VerificationDaemon;
import org.chipledger.pol.verify.VerifierPolicy;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import org.chipledger.proto.ledger.v1.RunVerdict;

/** The inspectorate's audit of declared runs, verified by the Verifier's daemon on the ledger. */
final class RunAudit {
  private static final Duration VERDICT_WAIT = Duration.ofMinutes(15);

  private RunAudit() {}

  /**
   * Requests verification of {@code runIds} and waits until the Verifier's daemon has recorded a
   * verdict for each.
   */
  static Map<String, RunVerdict> audit(
      DemoChapter.Context context, LedgerClient inspectorate, Path transcripts, List<String> runIds)
      throws Exception {
    LedgerVerification verification =
        new LedgerVerification(
            inspectorate,
            VerifierPolicy.defaults(),
            new SelectionSecrets(context.dir().resolve("verifier-secrets")));
    BlockingQueue<VerificationDaemon.Handled> handled = new LinkedBlockingQueue<>();
    Map<String, RunVerdict> verdicts = new TreeMap<>();
    try (AutoCloseable daemon =
        VerifierOnCast.start(
            context.cast(),
            verification,
            transcripts,
            context.dir().resolve("verifier.checkpoint"),
            handled::add)) {
      for (String runId : runIds) {
        inspectorate.requestVerification(
            RequestVerificationRequest.newBuilder()
                .setRunId(runId)
                .setReason("random audit of declared runs")
                .build());
      }
      while (verdicts.size() < runIds.size()) {
        VerificationDaemon.Handled next = handled.poll(VERDICT_WAIT.toSeconds(), TimeUnit.SECONDS);
        if (next == null) {
          throw new IllegalStateException(
              "the Verifier recorded no verdict within " + VERDICT_WAIT);
        }
        if (!(next instanceof VerificationDaemon.Verified verified)) {
          throw new IllegalStateException("the Verifier could not verify: " + next);
        }
        verdicts.put(verified.runId(), verified.outcome().recorded());
      }
    }
    return verdicts;
  }
}
