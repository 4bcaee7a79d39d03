package org.chipledger.client.ledger;

import java.util.List;

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

  @Override
  void close();
}
