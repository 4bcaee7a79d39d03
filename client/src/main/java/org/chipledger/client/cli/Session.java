package org.chipledger.client.cli;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.fabric.Backoff;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.GatewayConfig;
import org.chipledger.client.fabric.NetworkCa;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;

/**
 * Connects to the chosen backend as the chosen identity: the embedded ledger in the data directory,
 * or the Fabric network of {@code --gateway}.
 */
final class Session implements AutoCloseable {
  private final LedgerClient client;
  private final Function<Identity, Ledger> connector;
  private final Runnable closeBackend;
  private final List<LedgerClient> others = new ArrayList<>();

  private Session(Identity identity, Function<Identity, Ledger> connector, Runnable closeBackend) {
    this.client = new LedgerClient(connector.apply(identity));
    this.connector = connector;
    this.closeBackend = closeBackend;
  }

  static Session open(GlobalOptions options) {
    return open(options, identity(options));
  }

  static Session open(GlobalOptions options, Identity identity) {
    return switch (options.ledger) {
      case EMBEDDED -> embedded(options, identity);
      case FABRIC -> fabric(options, identity);
    };
  }

  private static Session embedded(GlobalOptions options, Identity identity) {
    if (!EmbeddedLedger.exists(options.ledgerDir())) {
      throw new LedgerException(
          ErrorCode.LEDGER_UNAVAILABLE,
          "no ledger in " + options.ledgerDir() + "; create one with `chipledger admin init`");
    }
    EmbeddedLedger ledger = EmbeddedLedger.open(options.ledgerDir());
    return new Session(identity, ledger::connect, ledger::close);
  }

  private static Session fabric(GlobalOptions options, Identity identity) {
    FabricNetwork network = network(options);
    return new Session(identity, network::connect, network::close);
  }

  /** The Fabric network named by {@code --gateway}; the caller closes it. */
  static FabricNetwork network(GlobalOptions options) {
    return new FabricNetwork(gatewayConfig(options), Backoff.DEFAULT);
  }

  /** The Fabric network's connection info named by {@code --gateway}. */
  static GatewayConfig gatewayConfig(GlobalOptions options) {
    if (!Files.isRegularFile(options.gateway)) {
      throw new LedgerException(
          ErrorCode.LEDGER_UNAVAILABLE,
          "no Fabric connection file "
              + options.gateway
              + "; start the network (network-config/network.sh up) or set --gateway");
    }
    return GatewayConfig.load(options.gateway);
  }

  /**
   * The CA of an MSP in the identity store. On Fabric it must be the network's own CA, which is
   * imported on first use, since the peers trust no other.
   */
  static Optional<CertificateAuthority> ca(
      GlobalOptions options, IdentityStore store, String mspId) {
    return switch (options.ledger) {
      case EMBEDDED -> store.ca(mspId);
      case FABRIC -> Optional.of(NetworkCa.trust(store, gatewayConfig(options).org(mspId)));
    };
  }

  /** Resolves {@code --identity} as {@code MSP/NAME}, or {@code NAME} if only one MSP has it. */
  static Identity identity(GlobalOptions options) {
    if (options.identity == null || options.identity.isBlank()) {
      throw new LedgerException(
          ErrorCode.UNTRUSTED_IDENTITY, "choose who signs with --identity NAME or MSP/NAME");
    }
    return new IdentityStore(options.identitiesDir()).signer(options.identity);
  }

  LedgerClient client() {
    return client;
  }

  /**
   * A second identity on the same backend (one embedded ledger admits one process), closed with the
   * session.
   */
  LedgerClient connect(Identity identity) {
    LedgerClient other = new LedgerClient(connector.apply(identity));
    others.add(other);
    return other;
  }

  @Override
  public void close() {
    others.forEach(LedgerClient::close);
    client.close();
    closeBackend.run();
  }
}
