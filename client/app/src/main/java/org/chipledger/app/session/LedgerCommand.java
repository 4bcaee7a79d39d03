package org.chipledger.app.session;

import org.chipledger.app.output.Output;
import org.chipledger.client.ledger.LedgerClient;

/** A command that signs or queries as the chosen identity on the chosen backend (--ledger). */
public abstract class LedgerCommand extends ChipLedgerCommand {
  private int exit;

  @Override
  public Integer call() {
    try (Session session = Session.open(options())) {
      run(session.client(), output());
    }
    return exit;
  }

  /** The command's work on an open ledger. */
  protected abstract void run(LedgerClient ledger, Output out);

  /** Sets the exit code of a command that ran to its end: 0 unless a check found something. */
  protected void exit(int code) {
    exit = code;
  }
}
