package org.chipledger.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * What one {@code chipledger} command line, run in this JVM, printed and returned.
 *
 * @param exit the exit code
 * @param out what it printed to stdout
 * @param err what it printed to stderr
 */
public record CliRun(int exit, String out, String err) {

  /** Runs a command line with option defaults from this process's environment. */
  public static CliRun of(List<String> args) {
    return of(System.getenv(), args);
  }

  /** Runs a command line with option defaults from {@code env}. */
  static CliRun of(Map<String, String> env, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        ChipLedgerCli.run(
            args.toArray(String[]::new),
            env,
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new CliRun(exit, out.toString(), err.toString());
  }
}
