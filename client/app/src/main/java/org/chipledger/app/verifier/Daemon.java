package org.chipledger.app.verifier;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.chipledger.client.backend.OpenBackend;
import org.chipledger.client.fabric.FabricLedger;
import org.chipledger.pol.ledger.FabricVerificationDaemon;
import org.chipledger.pol.ledger.LedgerVerification;
import org.chipledger.pol.ledger.VerificationDaemon;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Answers the ledger's verification requests by itself. */
@Command(
    name = "daemon",
    description = {
      "Verify every run the ledger's VerificationRequested events name, reading"
          + " TRANSCRIPTS/<run-id>/, and record the verdicts.",
      "Resumes from a durable checkpoint; runs that already have a verdict are skipped."
    })
final class Daemon implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--transcripts", required = true, description = "Directory of run transcripts.")
  Path transcripts;

  @Option(
      names = "--checkpoint",
      description = "Checkpoint file (default: TRANSCRIPTS/.pol-verifier-checkpoint).")
  Optional<Path> checkpoint;

  @Option(
      names = "--drain",
      description =
          "Handle the events committed so far and exit (the embedded ledger admits one process"
              + " at a time).")
  boolean drain;

  @CommandLine.Mixin LedgerOptions ledgerOptions = new LedgerOptions();

  @CommandLine.ArgGroup(exclusive = false)
  VerifierPolicyOptions policyOptions = new VerifierPolicyOptions();

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    AtomicBoolean failed = new AtomicBoolean();
    Consumer<VerificationDaemon.Handled> observer =
        handled -> {
          failed.compareAndSet(false, handled instanceof VerificationDaemon.Failed);
          w.println(describe(handled));
          w.flush();
        };
    LedgerOptions.Connection ledger = ledgerOptions.open();
    LedgerVerification verification =
        new LedgerVerification(
            ledger.client(), policyOptions.policy(), ledgerOptions.selectionSecrets());
    AutoCloseable daemon;
    if (ledger.ledger() instanceof FabricLedger fabric) {
      if (drain) {
        ledger.close();
        throw new IllegalArgumentException(
            "--drain is for the embedded ledger; on Fabric the daemon runs beside other clients");
      }
      // Fabric's own checkpoint format, so a file of its own.
      daemon =
          FabricVerificationDaemon.start(
              fabric,
              verification,
              transcripts,
              checkpoint.orElse(transcripts.resolve(".pol-verifier-fabric-checkpoint")),
              observer);
    } else {
      VerificationDaemon embedded =
          VerificationDaemon.open(
              ((OpenBackend.Embedded) ledger.backend()).ledger(),
              verification,
              transcripts,
              checkpoint.orElse(transcripts.resolve(".pol-verifier-checkpoint")),
              observer);
      if (drain) {
        try (ledger;
            embedded) {
          embedded.drain();
          return failed.get() ? PolVerifierCli.EXIT_LEDGER : 0;
        }
      }
      embedded.start();
      daemon = embedded;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    daemon.close();
                  } catch (Exception e) {
                    System.err.println("pol-verifier daemon: close failed: " + e.getMessage());
                  } finally {
                    ledger.close();
                    stopped.countDown();
                  }
                }));
    w.println("pol-verifier daemon: waiting for verification requests (Ctrl-C stops)");
    w.flush();
    stopped.await();
    return 0;
  }

  private static String describe(VerificationDaemon.Handled handled) {
    if (handled instanceof VerificationDaemon.Verified v) {
      return String.format(
          Locale.ROOT,
          "run %s: %s recorded in tx %s; report %s",
          v.runId(),
          v.outcome().recorded().getHonest()
              ? "honest"
              : "dishonest ("
                  + String.join(", ", v.outcome().recorded().getFailedChecksList())
                  + ")",
          v.outcome().recorded().getTxId(),
          v.outcome().report());
    }
    if (handled instanceof VerificationDaemon.AlreadyDecided) {
      return "run " + handled.runId() + ": already has a verdict; skipped";
    }
    if (handled instanceof VerificationDaemon.NoTranscript n) {
      return "run " + n.runId() + ": no transcript at " + n.expected() + "; skipped";
    }
    VerificationDaemon.Failed f = (VerificationDaemon.Failed) handled;
    return "run " + f.runId() + ": " + f.cause().getMessage() + "; stopped here, restart to retry";
  }
}
