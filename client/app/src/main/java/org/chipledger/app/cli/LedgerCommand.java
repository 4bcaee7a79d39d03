package org.chipledger.app.cli;

import java.util.concurrent.Callable;
import org.chipledger.client.ledger.LedgerClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that signs or queries as the chosen identity on the chosen backend (--ledger). */
abstract class LedgerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  GlobalOptions options() {
    return GlobalOptions.of(spec);
  }

  Output output() {
    return options().output(spec);
  }

  @Override
  public Integer call() {
    try (Session session = Session.open(options())) {
      run(session.client(), output());
    }
    return 0;
  }

  abstract void run(LedgerClient ledger, Output out);
}
