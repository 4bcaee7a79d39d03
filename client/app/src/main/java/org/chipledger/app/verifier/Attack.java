package org.chipledger.app.verifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.chipledger.pol.attack.AttackKind;
import org.chipledger.pol.attack.Spoof;
import org.chipledger.pol.attack.SpoofGenerator;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.TranscriptException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes a spoofed transcript of one kind from an honest one. */
@Command(name = "attack", description = "Write a spoof of KIND built from an honest transcript.")
final class Attack implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", description = "Attack kind: ${COMPLETION-CANDIDATES}.")
  AttackKind kind;

  @Option(names = "--from", required = true, description = "Honest transcript directory.")
  Path from;

  @Option(names = "--out", required = true, description = "Spoof directory to write.")
  Path out;

  @Option(
      names = "--snapshots",
      description =
          "Honest chip snapshots; default FROM/" + PolVerifierCli.SNAPSHOTS_FILE + " if present.")
  Optional<Path> snapshots;

  @Option(names = "--top-q", defaultValue = "1", description = "The verifier's public Q.")
  int topQ;

  @Override
  public Integer call() throws IOException, TranscriptException {
    Path snapshotFile = snapshots.orElse(from.resolve(PolVerifierCli.SNAPSHOTS_FILE));
    List<SnapshotClaim> claims =
        Files.exists(snapshotFile) ? SnapshotClaim.readAll(snapshotFile) : List.of();
    Spoof spoof = new SpoofGenerator(topQ).generate(kind, from, claims, out);
    SnapshotClaim.writeAll(out.resolve(PolVerifierCli.SNAPSHOTS_FILE), spoof.snapshots());
    PrintWriter w = spec.commandLine().getOut();
    w.println("spoof: " + kind + " in " + out);
    w.println("ledger-commitment: " + spoof.ledgerCommitmentHex());
    w.println("chip snapshots: " + out.resolve(PolVerifierCli.SNAPSHOTS_FILE));
    w.println("expected to be caught by: " + kind.caughtBy());
    return 0;
  }
}
