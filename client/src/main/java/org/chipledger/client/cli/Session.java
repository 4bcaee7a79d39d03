package org.chipledger.client.cli;

import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;

/** Opens the ledger in the data directory and connects as the chosen identity. */
final class Session implements AutoCloseable {
  private final EmbeddedLedger ledger;
  private final LedgerClient client;

  private Session(EmbeddedLedger ledger, LedgerClient client) {
    this.ledger = ledger;
    this.client = client;
  }

  static Session open(GlobalOptions options) {
    Identity identity = identity(options);
    if (!EmbeddedLedger.exists(options.ledgerDir())) {
      throw new LedgerException(
          ErrorCode.LEDGER_UNAVAILABLE,
          "no ledger in " + options.ledgerDir() + "; create one with `chipledger admin init`");
    }
    EmbeddedLedger ledger = EmbeddedLedger.open(options.ledgerDir());
    return new Session(ledger, new LedgerClient(ledger.connect(identity)));
  }

  /** Resolves {@code --identity} as {@code MSP/NAME}, or {@code NAME} if only one MSP has it. */
  static Identity identity(GlobalOptions options) {
    if (options.identity == null || options.identity.isBlank()) {
      throw new LedgerException(
          ErrorCode.UNTRUSTED_IDENTITY, "choose who signs with --identity NAME or MSP/NAME");
    }
    IdentityStore store = new IdentityStore(options.identitiesDir());
    String[] parts = options.identity.split("/", 2);
    if (parts.length == 2) {
      return store.find(parts[0], parts[1]).orElseThrow(() -> noIdentity(options));
    }
    List<Identity> matches =
        store.msps().stream().flatMap(msp -> store.find(msp, parts[0]).stream()).toList();
    if (matches.size() != 1) {
      throw matches.isEmpty()
          ? noIdentity(options)
          : new LedgerException(
              ErrorCode.MALFORMED_ARGUMENT,
              "identity " + parts[0] + " exists in several MSPs; write MSP/" + parts[0]);
    }
    return matches.get(0);
  }

  private static LedgerException noIdentity(GlobalOptions options) {
    return new LedgerException(
        ErrorCode.UNTRUSTED_IDENTITY,
        "no identity "
            + options.identity
            + " in "
            + options.identitiesDir()
            + "; issue one with `chipledger identity issue`");
  }

  LedgerClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    ledger.close();
  }
}
