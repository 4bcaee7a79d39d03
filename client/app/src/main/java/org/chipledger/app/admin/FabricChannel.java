package org.chipledger.app.admin;

import java.nio.file.Path;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.client.anchoring.TipAnchorer;
import org.chipledger.client.backend.Backend;
import org.chipledger.client.backend.Backends;
import org.chipledger.client.backend.LedgerSettings;
import org.chipledger.client.backend.OpenBackend;
import org.chipledger.client.ledger.LedgerClient;
import picocli.CommandLine.Option;

/**
 * The Fabric channel an embedded ledger anchors its tip on: the network of {@code --gateway}, with
 * an identity the network's CA issued (its own data directory, as a {@code --ledger fabric} run
 * uses).
 */
final class FabricChannel {
  @Option(
      names = "--ledger-id",
      defaultValue = "embedded",
      description = "The embedded ledger's name on the channel (default: ${DEFAULT-VALUE}).")
  String ledgerId;

  @Option(
      names = "--fabric-data-dir",
      description =
          "Data directory holding the Fabric identity (default: --data-dir); the first anchor of a"
              + " ledger id needs an admin (role admin), later ones any member.")
  Path fabricDataDir;

  @Option(names = "--fabric-identity", description = "Who signs on Fabric (default: --identity).")
  String fabricIdentity;

  /** An anchorer of the embedded ledger of {@code options} on the channel, open until closed. */
  Connected connect(GlobalOptions options) {
    AdminCommand.requireEmbedded(
        options,
        "anchoring moves the embedded ledger's tip to Fabric: run it with --ledger embedded");
    LedgerSettings fabric =
        new LedgerSettings(
            Backend.FABRIC,
            fabricDataDir == null ? options.dataDir() : fabricDataDir,
            options.gateway(),
            fabricIdentity == null ? options.identity() : fabricIdentity);
    OpenBackend backend = Backends.open(fabric);
    try {
      LedgerClient client = new LedgerClient(backend.connect(Backends.signer(fabric)));
      return new Connected(
          new TipAnchorer(Backends.embeddedDir(options.settings()), client, ledgerId), backend);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** An anchorer and the Fabric connection it uses. */
  record Connected(TipAnchorer anchorer, OpenBackend backend) implements AutoCloseable {
    @Override
    public void close() {
      backend.close();
    }
  }
}
