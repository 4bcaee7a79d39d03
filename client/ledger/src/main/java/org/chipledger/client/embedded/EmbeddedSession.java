package org.chipledger.client.embedded;

import java.util.List;
import java.util.function.Consumer;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerEvents;
import org.chipledger.proto.ledger.v1.LedgerEvent;

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

  @Override
  public long chainHeight() {
    return ledger.height();
  }

  @Override
  public void replayEvents(long height, Consumer<LedgerEvent> sink) {
    for (CommittedEvent committed : ledger.events(0, Integer.MAX_VALUE)) {
      if (committed.block() >= height) {
        return;
      }
      sink.accept(
          LedgerEvents.parse(
              committed.payload(), committed.name() + " in block " + committed.block()));
    }
  }

  @Override
  public java.util.Optional<org.chipledger.proto.ledger.v1.TxCommitEvidence> commitEvidence(
      String txId) {
    return ledger.commitEvidence(txId);
  }

  /** The embedded ledger outlives its sessions; its owner closes it. */
  @Override
  public void close() {}
}
