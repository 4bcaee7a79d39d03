package org.chipledger.pol.cli;

import java.nio.file.Path;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import picocli.CommandLine.Option;

/** Where the embedded ledger lives and who signs: the layout of the chipledger CLI. */
final class LedgerOptions {
  @Option(
      names = "--data-dir",
      defaultValue = ".chipledger/node",
      description =
          "The chipledger data directory: ledger/ and identities/ (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--identity",
      defaultValue = "inspectorate",
      description =
          "Who signs verdicts: NAME or MSP/NAME, an inspector (default: ${DEFAULT-VALUE}).")
  String identity;

  /** An open ledger and a client signing as the chosen identity. */
  record Connection(EmbeddedLedger ledger, LedgerClient client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      ledger.close();
    }
  }

  Connection open() {
    Identity signer = identity();
    Path ledgerDir = dataDir.resolve("ledger");
    if (!EmbeddedLedger.exists(ledgerDir)) {
      throw new LedgerException(
          ErrorCode.LEDGER_UNAVAILABLE,
          "no ledger in " + ledgerDir + "; create one with `chipledger admin init`");
    }
    EmbeddedLedger ledger = EmbeddedLedger.open(ledgerDir);
    return new Connection(ledger, new LedgerClient(ledger.connect(signer)));
  }

  private Identity identity() {
    return new IdentityStore(dataDir.resolve("identities")).signer(identity);
  }
}
