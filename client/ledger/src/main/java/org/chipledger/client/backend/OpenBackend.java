package org.chipledger.client.backend;

import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.LedgerConnector;
import org.chipledger.client.ledger.Ledger;

/** An opened backend, which connects any identity and is closed after its connections. */
public sealed interface OpenBackend extends AutoCloseable {
  /** The opened ledger itself. */
  LedgerConnector connector();

  /** A connection that signs as {@code identity}. */
  default Ledger connect(Identity identity) {
    return connector().connect(identity);
  }

  @Override
  default void close() {
    connector().close();
  }

  /** The RocksDB ledger of the data directory, open in this process (one process at a time). */
  record Embedded(EmbeddedLedger ledger) implements OpenBackend {
    @Override
    public LedgerConnector connector() {
      return ledger;
    }
  }

  /** The Fabric network of the gateway file. */
  record Fabric(FabricNetwork network) implements OpenBackend {
    @Override
    public LedgerConnector connector() {
      return network;
    }
  }
}
