package org.chipledger.app.query;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.Session;
import org.chipledger.client.ledger.LedgerClient;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One row of the {@code query} table: a read of one record, or of one report, by its key.
 *
 * @param name the sub-command's name
 * @param description its one-line help
 * @param key how the command line gives the record's key
 * @param read the ledger call, given the key ({@code null} when the row has no key)
 * @param render how the result prints
 * @param <T> what the ledger answers
 */
record Lookup<T>(
    String name,
    String description,
    Key key,
    BiFunction<LedgerClient, String, T> read,
    BiConsumer<Output, T> render) {

  /** Where a lookup's key comes from. */
  sealed interface Key {
    /** The command takes no key. */
    record None() implements Key {}

    /** The key is the one positional parameter, shown as {@code label}. */
    record Positional(String label) implements Key {}

    /** The key is a required option, shown in usage errors as {@code name=label}. */
    record Required(String name, String label, String description) implements Key {}
  }

  /** This row as a sub-command line. */
  CommandLine commandLine() {
    Run run = new Run(this);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(run).name(name);
    spec.usageMessage().description(description);
    run.spec = spec;
    if (key instanceof Key.Positional positional) {
      PositionalParamSpec arg =
          PositionalParamSpec.builder()
              .index("0")
              .required(true)
              .arity("1")
              .paramLabel(positional.label())
              .type(String.class)
              .build();
      spec.addPositional(arg);
      run.keyArg = arg;
    } else if (key instanceof Key.Required required) {
      OptionSpec arg =
          OptionSpec.builder(required.name())
              .required(true)
              .arity("1")
              .paramLabel(required.label())
              .description(required.description())
              .type(String.class)
              .build();
      spec.addOption(arg);
      run.keyArg = arg;
    }
    return new CommandLine(spec);
  }

  /** What runs when the row's sub-command is called. */
  private static final class Run implements Callable<Integer> {
    private final Lookup<?> lookup;
    private CommandSpec spec;
    private ArgSpec keyArg;

    Run(Lookup<?> lookup) {
      this.lookup = lookup;
    }

    @Override
    public Integer call() {
      GlobalOptions options = GlobalOptions.of(spec);
      try (Session session = Session.open(options)) {
        print(lookup, session.client(), options.output(spec));
      }
      return 0;
    }

    private <T> void print(Lookup<T> row, LedgerClient ledger, Output out) {
      String value = keyArg == null ? null : keyArg.getValue();
      row.render().accept(out, row.read().apply(ledger, value));
    }
  }
}
