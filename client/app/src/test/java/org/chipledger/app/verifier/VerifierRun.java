package org.chipledger.app.verifier;

import java.io.PrintWriter;
import org.chipledger.app.cli.ChipLedgerCli;

/** Runs {@code chipledger verifier ARGS} in this JVM, printing to System.out and System.err. */
final class VerifierRun {
  private VerifierRun() {}

  /** The exit code of {@code chipledger verifier ARGS}. */
  static int run(String... args) {
    String[] line = new String[args.length + 1];
    line[0] = "verifier";
    System.arraycopy(args, 0, line, 1, args.length);
    return ChipLedgerCli.run(
        line, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }
}
