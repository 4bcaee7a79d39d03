package org.chipledger.client.embedded;

import java.util.List;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;

/** A {@link Ledger} view of an embedded ledger that signs every proposal as one identity. */
final class EmbeddedSession implements Ledger {
  private final EmbeddedLedger ledger;
  private final Identity identity;

  EmbeddedSession(EmbeddedLedger ledger, Identity identity) {
    this.ledger = ledger;
    this.identity = identity;
  }

  @Override
  public Committed submit(String function, List<String> args) {
    return ledger.submit(Proposals.signed(identity, function, args));
  }

  @Override
  public byte[] evaluate(String function, List<String> args) {
    return ledger.evaluate(Proposals.signed(identity, function, args));
  }

  /** The embedded ledger outlives its sessions; its owner closes it. */
  @Override
  public void close() {}
}
