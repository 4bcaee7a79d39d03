package org.chipledger.pol.cli;

import java.nio.file.Path;
import java.util.List;
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

  /** Resolves {@code --identity} as {@code MSP/NAME}, or {@code NAME} if only one MSP has it. */
  private Identity identity() {
    IdentityStore store = new IdentityStore(dataDir.resolve("identities"));
    String[] parts = identity.split("/", 2);
    List<Identity> matches =
        parts.length == 2
            ? store.find(parts[0], parts[1]).stream().toList()
            : store.msps().stream().flatMap(msp -> store.find(msp, parts[0]).stream()).toList();
    if (matches.size() != 1) {
      throw new LedgerException(
          matches.isEmpty() ? ErrorCode.UNTRUSTED_IDENTITY : ErrorCode.MALFORMED_ARGUMENT,
          matches.isEmpty()
              ? "no identity " + identity + " in " + dataDir.resolve("identities")
              : "identity " + identity + " exists in several MSPs; write MSP/" + identity);
    }
    return matches.get(0);
  }
}
