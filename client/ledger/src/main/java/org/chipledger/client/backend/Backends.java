package org.chipledger.client.backend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.fabric.Backoff;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.GatewayConfig;
import org.chipledger.client.fabric.NetworkCa;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerException;

/** The one factory that opens a ledger from {@link LedgerSettings}, on either backend. */
public final class Backends {
  private Backends() {}

  /**
   * Opens the backend that {@code settings} name.
   *
   * @throws LedgerException LEDGER_UNAVAILABLE if there is no embedded ledger in the data directory
   *     or no Fabric connection file
   */
  public static OpenBackend open(LedgerSettings settings) {
    return switch (settings.backend()) {
      case EMBEDDED -> new OpenBackend.Embedded(openEmbedded(settings));
      case FABRIC -> new OpenBackend.Fabric(network(settings));
    };
  }

  /** The embedded ledger of the data directory, which must exist. */
  public static EmbeddedLedger openEmbedded(LedgerSettings settings) {
    return EmbeddedLedger.open(embeddedDir(settings));
  }

  /**
   * The directory of the data directory's embedded ledger, which must exist: for the commands that
   * examine or repair it without opening it for work (verify, rebuild-state).
   */
  public static Path embeddedDir(LedgerSettings settings) {
    if (!EmbeddedLedger.exists(settings.ledgerDir())) {
      throw new LedgerException(
          ErrorCode.LEDGER_UNAVAILABLE,
          "no ledger in " + settings.ledgerDir() + "; create one with `chipledger admin init`");
    }
    return settings.ledgerDir();
  }

  /** The Fabric network of the gateway file; the caller closes it. */
  public static FabricNetwork network(LedgerSettings settings) {
    return new FabricNetwork(gatewayConfig(settings), Backoff.DEFAULT);
  }

  /** The Fabric network's connection info. */
  public static GatewayConfig gatewayConfig(LedgerSettings settings) {
    if (!Files.isRegularFile(settings.gateway())) {
      throw new LedgerException(
          ErrorCode.LEDGER_UNAVAILABLE,
          "no Fabric connection file "
              + settings.gateway()
              + "; start the network (network-config/network.sh up) or set --gateway");
    }
    return GatewayConfig.load(settings.gateway());
  }

  /** The identity store of the data directory. */
  public static IdentityStore identities(LedgerSettings settings) {
    return new IdentityStore(settings.identitiesDir());
  }

  /**
   * The signer that {@code settings} name, as {@code MSP/NAME}, or {@code NAME} if only one MSP has
   * it.
   */
  public static Identity signer(LedgerSettings settings) {
    if (settings.identity() == null || settings.identity().isBlank()) {
      throw new LedgerException(
          ErrorCode.UNTRUSTED_IDENTITY, "choose who signs with --identity NAME or MSP/NAME");
    }
    return identities(settings).signer(settings.identity());
  }

  /**
   * The CA of an MSP in the identity store. On Fabric it must be the network's own CA, which is
   * imported on first use, since the peers trust no other.
   */
  public static Optional<CertificateAuthority> ca(
      LedgerSettings settings, IdentityStore store, String mspId) {
    return switch (settings.backend()) {
      case EMBEDDED -> store.ca(mspId);
      case FABRIC -> Optional.of(NetworkCa.trust(store, gatewayConfig(settings), mspId));
    };
  }
}
