package org.chipledger.app.admin;

import java.util.List;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.client.backend.Backends;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.embedded.RebuildReport;
import picocli.CommandLine.Command;

/** {@code admin rebuild-state}: derives a new state store from the verified block log. */
@Command(
    name = "rebuild-state",
    description =
        "Verify the block log and rebuild the state store (world state, key history, tx-id index)"
            + " from it; the old store is moved aside. A bad block changes nothing (exit 98).")
final class RebuildStateCommand extends ChipLedgerCommand {
  @Override
  public Integer call() {
    GlobalOptions options = options();
    AdminCommand.requireEmbedded(
        options,
        "admin rebuild-state rebuilds the embedded ledger; on Fabric, see the peer's"
            + " `peer node rebuild-dbs`");
    RebuildReport report = EmbeddedLedger.rebuildState(Backends.embeddedDir(options.settings()));
    output()
        .row(
            List.of("blocks", "transactions", "old state store moved to"),
            String.valueOf(report.blocks()),
            String.valueOf(report.transactions()),
            report.setAside());
    return 0;
  }
}
