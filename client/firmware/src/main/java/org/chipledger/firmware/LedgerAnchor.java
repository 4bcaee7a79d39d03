package org.chipledger.firmware;

import java.security.PublicKey;
import java.util.Objects;

/**
 * What a chip's firmware trusts to show that the ledger committed a block: the embedded ledger
 * node's key, or a Fabric channel's consenters and endorsing organisations.
 */
public sealed interface LedgerAnchor permits LedgerAnchor.NodeKey, FabricTrust {
  /** The embedded ledger node's public key, which signs every block header. */
  record NodeKey(PublicKey key) implements LedgerAnchor {
    public NodeKey {
      Objects.requireNonNull(key, "the ledger node key");
    }
  }
}
