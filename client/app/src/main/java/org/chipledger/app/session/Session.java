package org.chipledger.app.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.client.backend.Backends;
import org.chipledger.client.backend.OpenBackend;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerClient;

/**
 * Connects to the chosen backend as the chosen identity: the embedded ledger in the data directory,
 * or the Fabric network of {@code --gateway}.
 */
public final class Session implements AutoCloseable {
  private final LedgerClient client;
  private final Function<Identity, Ledger> connector;
  private final Runnable closeBackend;
  private final List<LedgerClient> others = new ArrayList<>();

  private Session(Identity identity, Function<Identity, Ledger> connector, Runnable closeBackend) {
    this.client = new LedgerClient(connector.apply(identity));
    this.connector = connector;
    this.closeBackend = closeBackend;
  }

  /** Connects as {@code --identity}. */
  public static Session open(GlobalOptions options) {
    return open(options, identity(options));
  }

  /** Connects as {@code identity}. */
  public static Session open(GlobalOptions options, Identity identity) {
    OpenBackend backend = Backends.open(options.settings());
    return new Session(identity, backend::connect, backend::close);
  }

  /** The Fabric network named by {@code --gateway}; the caller closes it. */
  public static FabricNetwork network(GlobalOptions options) {
    return Backends.network(options.settings());
  }

  /** The CA of an MSP in the identity store (on Fabric, the network's own CA). */
  public static Optional<CertificateAuthority> ca(
      GlobalOptions options, IdentityStore store, String mspId) {
    return Backends.ca(options.settings(), store, mspId);
  }

  /** Resolves {@code --identity} as {@code MSP/NAME}, or {@code NAME} if only one MSP has it. */
  public static Identity identity(GlobalOptions options) {
    return Backends.signer(options.settings());
  }

  /** The client signing as the session's identity. */
  public LedgerClient client() {
    return client;
  }

  /**
   * A second identity on the same backend (one embedded ledger admits one process), closed with the
   * session.
   */
  public LedgerClient connect(Identity identity) {
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
