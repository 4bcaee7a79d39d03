package org.chipledger.client.backend;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a ledger is and who signs on it: what every command, the Verifier, the demo and the
 * benchmarks open a ledger from.
 *
 * @param backend embedded or Fabric
 * @param dataDir the data directory: the embedded ledger in {@code ledger/}, identities in {@code
 *     identities/}
 * @param gateway the Fabric network's connection file (used with {@link Backend#FABRIC})
 * @param identity who signs: {@code NAME} or {@code MSP/NAME} in the identity store; may be null
 *     for programs that pick identities themselves
 */
public record LedgerSettings(Backend backend, Path dataDir, Path gateway, String identity) {
  /** The connection file that {@code network-config/network.sh up} writes. */
  public static final Path DEFAULT_GATEWAY =
      Path.of("network-config/run/connection/gateway.properties");

  public LedgerSettings {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(gateway, "gateway");
  }

  /** The embedded ledger in {@code dataDir}, signed by {@code identity}. */
  public static LedgerSettings embedded(Path dataDir, String identity) {
    return new LedgerSettings(Backend.EMBEDDED, dataDir, DEFAULT_GATEWAY, identity);
  }

  /** The same ledger and files, signed by {@code other}. */
  public LedgerSettings as(String other) {
    return new LedgerSettings(backend, dataDir, gateway, other);
  }

  /** Where the embedded ledger lives. */
  public Path ledgerDir() {
    return dataDir.resolve("ledger");
  }

  /** Where the identity store lives. */
  public Path identitiesDir() {
    return dataDir.resolve("identities");
  }
}
