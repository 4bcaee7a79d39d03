package org.chipledger.app.session;

import java.util.concurrent.Callable;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.output.Output;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command of the program: its place on the command line, the global options, its output. */
public abstract class ChipLedgerCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  /** The program's global options. */
  protected GlobalOptions options() {
    return GlobalOptions.of(spec);
  }

  /** Where this command prints, in the chosen format. */
  protected Output output() {
    return options().output(spec);
  }

  /** A usage error (exit 2) of this command. */
  protected CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
