package org.chipledger.app.cli;

import org.chipledger.client.ledger.CustomsAction;
import org.chipledger.client.ledger.LedgerClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands of customs agencies, each acting on one cross-border transfer in their country. */
@Command(
    name = "customs",
    description = "Clear exports, enter imports, hold, release and seize shipments.",
    subcommands = {
      CustomsCommand.ClearExport.class,
      CustomsCommand.EnterImport.class,
      CustomsCommand.Hold.class,
      CustomsCommand.Release.class,
      CustomsCommand.Seize.class
    })
final class CustomsCommand {

  /** One customs action on one transfer. */
  abstract static class Act extends LedgerCommand {
    @Option(names = "--transfer-id", required = true)
    String transferId;

    @Option(names = "--reason", defaultValue = "")
    String reason;

    abstract CustomsAction action();

    @Override
    void run(LedgerClient ledger, Output out) {
      out.record(ledger.customs(action(), transferId, reason));
    }
  }

  @Command(name = "clear-export", description = "Clear a shipment for export from your country.")
  static final class ClearExport extends Act {
    @Override
    CustomsAction action() {
      return CustomsAction.CLEAR_EXPORT;
    }
  }

  @Command(
      name = "enter-import",
      description = "Enter an arriving shipment; custody moves to the receiver.")
  static final class EnterImport extends Act {
    @Override
    CustomsAction action() {
      return CustomsAction.ENTER_IMPORT;
    }
  }

  @Command(name = "hold", description = "Hold a shipment under your control.")
  static final class Hold extends Act {
    @Override
    CustomsAction action() {
      return CustomsAction.HOLD;
    }
  }

  @Command(
      name = "release",
      description = "Release a held shipment, or return seized chips to the sender.")
  static final class Release extends Act {
    @Override
    CustomsAction action() {
      return CustomsAction.RELEASE;
    }
  }

  @Command(name = "seize", description = "Seize a shipment; your agency becomes the chips' holder.")
  static final class Seize extends Act {
    @Override
    CustomsAction action() {
      return CustomsAction.SEIZE;
    }
  }
}
