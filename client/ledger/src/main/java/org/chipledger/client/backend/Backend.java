package org.chipledger.client.backend;

/** Which ledger a program talks to. */
public enum Backend {
  /** The RocksDB ledger in the data directory, in this process. */
  EMBEDDED,
  /** The Fabric network that the gateway file describes. */
  FABRIC
}
