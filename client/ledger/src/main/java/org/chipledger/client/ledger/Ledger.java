package org.chipledger.client.ledger;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.TxCommitEvidence;

/**
 * A connection to a chipledger ledger that acts as one identity; the embedded and the Fabric
 * backends both implement it.
 *
 * <pre>{@code
 * try (Ledger ledger = embedded.connect(fabIdentity)) {
 *   Committed tx = ledger.submit("chip:RegisterChips", List.of(base64Request));
 * }
 * }</pre>
 *
 * <p>Every rejection is a {@link LedgerException} carrying a stable {@code ErrorCode}; a rejected
 * transaction changes nothing.
 */
public interface Ledger extends AutoCloseable {

  /** Submits a transaction and returns once it is durably committed. */
  Committed submit(String function, List<String> args);

  /** Runs a query against committed state; nothing is recorded. */
  byte[] evaluate(String function, List<String> args);

  /** Blocks in the committed chain, the genesis block included: the end of a replay. */
  long chainHeight();

  /**
   * Feeds {@code sink} the event of every valid chipledger transaction in blocks {@code [0,
   * height)}, in chain order, and returns once the last of those blocks has been read.
   */
  void replayEvents(long height, Consumer<LedgerEvent> sink);

  /**
   * The node-signed evidence that transaction {@code txId} committed, for a party that trusts only
   * the ledger node's key (issue 16 item 3); empty if the transaction is unknown or the backend
   * gives no such evidence.
   */
  default Optional<TxCommitEvidence> commitEvidence(String txId) {
    return Optional.empty();
  }

  @Override
  void close();
}
