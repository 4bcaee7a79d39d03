package org.chipledger.pol.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cli.GlobalOptions;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.fabric.FabricLedger;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.pol.ledger.SelectionSecrets;
import picocli.CommandLine.Option;

/** Which ledger, where its files live and who signs: the layout of the chipledger CLI. */
final class LedgerOptions {
  @Option(
      names = "--ledger",
      defaultValue = "embedded",
      description =
          "embedded (the ledger in --data-dir) or fabric (the network of --gateway) (default:"
              + " ${DEFAULT-VALUE}).")
  GlobalOptions.Backend backend;

  @Option(
      names = "--gateway",
      defaultValue = "network-config/run/connection/gateway.properties",
      description =
          "With --ledger fabric: the connection file network.sh up writes (default:"
              + " ${DEFAULT-VALUE}).")
  Path gateway;

  @Option(
      names = "--data-dir",
      defaultValue = ".chipledger/node",
      description =
          "The chipledger data directory: ledger/ and identities/ (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--identity",
      defaultValue = "inspectorate",
      description = "Who signs: NAME or MSP/NAME (default: ${DEFAULT-VALUE}).")
  String identity;

  /** The ledger a connection reaches, with what its event readers need. */
  sealed interface Backend {
    /** The RocksDB ledger in the data directory, opened by this process. */
    record Embedded(EmbeddedLedger ledger) implements Backend {}

    /** The Fabric network of the connection file, reached as the signer. */
    record Fabric(FabricNetwork network, FabricLedger ledger) implements Backend {}
  }

  /** An open ledger and a client signing as the chosen identity. */
  record Connection(Backend backend, LedgerClient client, Identity signer)
      implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      if (backend instanceof Backend.Embedded embedded) {
        embedded.ledger().close();
      } else if (backend instanceof Backend.Fabric fabric) {
        fabric.network().close();
      }
    }
  }

  Connection open() {
    Identity signer = new IdentityStore(dataDir.resolve("identities")).signer(identity);
    if (backend == GlobalOptions.Backend.FABRIC) {
      if (!Files.isRegularFile(gateway)) {
        throw new LedgerException(
            ErrorCode.LEDGER_UNAVAILABLE,
            "no Fabric connection file " + gateway + "; start the network or set --gateway");
      }
      FabricNetwork network = FabricNetwork.open(gateway);
      FabricLedger ledger = network.connect(signer);
      return new Connection(new Backend.Fabric(network, ledger), new LedgerClient(ledger), signer);
    }
    Path ledgerDir = dataDir.resolve("ledger");
    if (!EmbeddedLedger.exists(ledgerDir)) {
      throw new LedgerException(
          ErrorCode.LEDGER_UNAVAILABLE,
          "no ledger in " + ledgerDir + "; create one with `chipledger admin init`");
    }
    EmbeddedLedger ledger = EmbeddedLedger.open(ledgerDir);
    return new Connection(
        new Backend.Embedded(ledger), new LedgerClient(ledger.connect(signer)), signer);
  }

  /** Where the Verifier keeps its selection secrets until its verdicts reveal them. */
  SelectionSecrets selectionSecrets() {
    return new SelectionSecrets(dataDir.resolve("verifier-secrets"));
  }
}
