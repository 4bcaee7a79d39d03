package org.chipledger.app.customs;

import java.util.List;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.client.ledger.CustomsAction;
import org.chipledger.client.ledger.LedgerClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Commands of customs agencies, each acting on one cross-border transfer in their country: one
 * sub-command per row of {@link #ACTIONS}.
 */
@Command(
    name = "customs",
    description = "Clear exports, enter imports, hold, release and seize shipments.",
    modelTransformer = CustomsCommand.Subcommands.class)
public final class CustomsCommand {

  /** One sub-command: its name, its help and the action it takes. */
  record Row(String name, String description, CustomsAction action) {}

  static final List<Row> ACTIONS =
      List.of(
          new Row(
              "clear-export",
              "Clear a shipment for export from your country.",
              CustomsAction.CLEAR_EXPORT),
          new Row(
              "enter-import",
              "Enter an arriving shipment; custody moves to the receiver.",
              CustomsAction.ENTER_IMPORT),
          new Row("hold", "Hold a shipment under your control.", CustomsAction.HOLD),
          new Row(
              "release",
              "Release a held shipment, or return seized chips to the sender.",
              CustomsAction.RELEASE),
          new Row(
              "seize",
              "Seize a shipment; your agency becomes the chips' holder.",
              CustomsAction.SEIZE));

  private CustomsCommand() {}

  /** Adds one {@link Act} per row of {@link #ACTIONS} as picocli builds {@code customs}. */
  static final class Subcommands implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec customs) {
      for (Row row : ACTIONS) {
        CommandLine act = new CommandLine(new Act(row.action()));
        act.getCommandSpec().name(row.name()).usageMessage().description(row.description());
        customs.addSubcommand(row.name(), act);
      }
      return customs;
    }
  }

  /** One customs action on one transfer. */
  @Command
  static final class Act extends LedgerCommand {
    private final CustomsAction action;

    @Option(names = "--transfer-id", required = true)
    String transferId;

    @Option(names = "--reason", defaultValue = "")
    String reason;

    Act(CustomsAction action) {
      this.action = action;
    }

    @Override
    protected void run(LedgerClient ledger, Output out) {
      out.record(ledger.customs(action, transferId, reason));
    }
  }
}
