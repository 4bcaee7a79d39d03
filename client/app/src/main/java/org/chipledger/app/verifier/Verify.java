package org.chipledger.app.verifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.ledger.LedgerVerification;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.verify.Verdict;
import org.chipledger.pol.verify.VerificationRequest;
import org.chipledger.pol.verify.Verifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Verifies a transcript directory and prints the report. */
@Command(
    name = "verify",
    description = {
      "Verify a transcript; exit 0 on PASS, 1 on FAIL.",
      "With --run, the commitment is the run's manifest hash on the ledger, the report is"
          + " written beside the transcript and the verdict is recorded on the ledger."
    })
final class Verify implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", description = "Transcript directory.")
  Path dir;

  @Option(names = "--commitment", description = "Ledger commitment (manifest SHA-256, hex).")
  Optional<String> commitment;

  @Option(names = "--run", description = "Run id on the ledger: verify it and record the verdict.")
  Optional<String> run;

  @CommandLine.Mixin LedgerOptions ledgerOptions = new LedgerOptions();

  @Option(
      names = "--beacon",
      description =
          "Unpredictable hex bytes for segment selection; fresh random if absent (not with"
              + " --run: the Verifier's commit-reveal on the ledger gives it).")
  Optional<String> beacon;

  @Option(
      names = "--snapshots",
      description = "Chip snapshots file: '<step> <sha256>' lines (not with --run).")
  Optional<Path> snapshots;

  @CommandLine.ArgGroup(exclusive = false)
  VerifierPolicyOptions policyOptions = new VerifierPolicyOptions();

  @Override
  public Integer call() throws IOException {
    if (run.isPresent()) {
      return verifyRun();
    }
    String beaconHex = beacon.orElseGet(Verify::freshBeacon);
    List<SnapshotClaim> claims =
        snapshots.isPresent() ? SnapshotClaim.readAll(snapshots.get()) : List.of();
    Verdict verdict =
        new Verifier(policyOptions.policy())
            .verify(dir, new VerificationRequest(commitment, beaconHex, claims));
    PrintWriter w = spec.commandLine().getOut();
    w.print(verdict.reportText());
    w.println("evidence-sha256: " + verdict.evidenceHashHex());
    return verdict.passed() ? 0 : PolVerifierCli.EXIT_FAIL;
  }

  private int verifyRun() throws IOException {
    if (commitment.isPresent() || snapshots.isPresent() || beacon.isPresent()) {
      throw new IllegalArgumentException(
          "--commitment, --snapshots and --beacon exclude --run: with --run the ledger holds the"
              + " commitment and the chip snapshots, and the beacon comes from the Verifier's"
              + " commit-reveal on the ledger");
    }
    try (LedgerOptions.Connection ledger = ledgerOptions.open()) {
      LedgerVerification.Outcome outcome =
          new LedgerVerification(
                  ledger.client(), policyOptions.policy(), ledgerOptions.selectionSecrets())
              .verifyAndRecord(run.get(), dir);
      PrintWriter w = spec.commandLine().getOut();
      w.print(outcome.verdict().reportText());
      w.println(
          "evidence-sha256: " + Sha256.hex(outcome.recorded().getEvidenceHash().toByteArray()));
      w.println("report: " + outcome.report());
      w.println("verdict recorded: run " + run.get() + " in tx " + outcome.recorded().getTxId());
      return outcome.verdict().passed() ? 0 : PolVerifierCli.EXIT_FAIL;
    }
  }

  private static String freshBeacon() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Sha256.hex(bytes);
  }
}
