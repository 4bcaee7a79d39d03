package org.chipledger.client.identity;

import org.chipledger.client.ledger.Ledger;

/** A ledger opened by this process, embedded or over the network, that any identity connects to. */
public interface LedgerConnector extends AutoCloseable {
  /** A connection that signs as {@code identity}. */
  Ledger connect(Identity identity);

  /** Closes the ledger; its connections are closed first. */
  @Override
  void close();
}
