package org.chipledger.client.fabric;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.LedgerConnector;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * A Fabric network reached through its peers' gateways: owns one gRPC channel per peer, shared by
 * every {@link FabricLedger} it hands out, like fabric-gateway's {@code Gateway.newInstance()} on a
 * shared channel.
 *
 * <pre>{@code
 * try (FabricNetwork network = FabricNetwork.open(Path.of("network-config/run/connection/gateway.properties"));
 *     FabricLedger fab = network.connect(fabIdentity)) {
 *   fab.submit("chip:RegisterChips", List.of(base64Request));
 * }
 * }</pre>
 */
public final class FabricNetwork implements LedgerConnector {
  // Generous because a 2-core host running 9 Fabric nodes and a chaincode JVM is slow under load.
  static final Duration EVALUATE_DEADLINE = Duration.ofSeconds(30);
  static final Duration ENDORSE_DEADLINE = Duration.ofSeconds(60);
  static final Duration SUBMIT_DEADLINE = Duration.ofSeconds(30);
  static final Duration COMMIT_STATUS_DEADLINE = Duration.ofMinutes(2);
  // Query results (a page of 1,000 chips, reports) can exceed gRPC's default 4 MiB.
  private static final int MAX_INBOUND_BYTES = 64 * 1024 * 1024;

  private final GatewayConfig config;
  private final Backoff conflictBackoff;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public FabricNetwork(GatewayConfig config, Backoff conflictBackoff) {
    this.config = config;
    this.conflictBackoff = conflictBackoff;
  }

  /** The network described by a {@code gateway.properties} file, with the default backoff. */
  public static FabricNetwork open(Path gatewayProperties) {
    return new FabricNetwork(GatewayConfig.load(gatewayProperties), Backoff.DEFAULT);
  }

  public GatewayConfig config() {
    return config;
  }

  /** A ledger connection acting as {@code identity}, through the gateway of its own org's peer. */
  @Override
  public FabricLedger connect(Identity identity) {
    return connect(identity, config.gatewayOf(identity.mspId()).mspId());
  }

  /** A ledger connection acting as {@code identity}, through the gateway of another org's peer. */
  public FabricLedger connect(Identity identity, String gatewayMspId) {
    return connect(identity, gatewayMspId, List.of());
  }

  /**
   * A connection through the gateway of {@code mspId}'s peer whose proposals go to that org's peer
   * alone: queries read that peer's state (to compare peers), and transactions are endorsed by that
   * one org, which the channel's MAJORITY policy rejects at commit.
   */
  public FabricLedger connectTargeting(Identity identity, String mspId) {
    return connect(identity, mspId, List.of(mspId));
  }

  private FabricLedger connect(Identity identity, String gatewayMspId, List<String> targetOrgs) {
    PeerOrg org = config.org(gatewayMspId);
    List<Gateway> others =
        config.orgs().values().stream()
            .filter(other -> !other.mspId().equals(org.mspId()))
            .map(other -> gateway(identity, other))
            .toList();
    return new FabricLedger(
        gateway(identity, org),
        others,
        config.channel(),
        config.chaincode(),
        conflictBackoff,
        targetOrgs);
  }

  private Gateway gateway(Identity identity, PeerOrg org) {
    return Gateway.newInstance()
        .identity(new X509Identity(identity.mspId(), identity.certificate()))
        // Identity.sign hashes (SHA-256) and produces the low-S DER signature Fabric wants.
        .hash(Hash.NONE)
        .signer(identity::sign)
        .connection(channels.computeIfAbsent(org.peerEndpoint(), endpoint -> channel(org)))
        .evaluateOptions(deadline(EVALUATE_DEADLINE))
        .endorseOptions(deadline(ENDORSE_DEADLINE))
        .submitOptions(deadline(SUBMIT_DEADLINE))
        .commitStatusOptions(deadline(COMMIT_STATUS_DEADLINE))
        .connect();
  }

  /** Shuts the channels down; connections handed out stop working. */
  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdown);
    for (ManagedChannel channel : channels.values()) {
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    channels.clear();
  }

  private static ManagedChannel channel(PeerOrg org) {
    return Grpc.newChannelBuilder(org.peerEndpoint(), credentials(org.tlsRootCert()))
        .overrideAuthority(org.peerHostOverride())
        .maxInboundMessageSize(MAX_INBOUND_BYTES)
        .build();
  }

  private static ChannelCredentials credentials(Path tlsRootCert) {
    try {
      return TlsChannelCredentials.newBuilder().trustManager(tlsRootCert.toFile()).build();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read TLS root certificate " + tlsRootCert + ": " + e.getMessage(), e);
    }
  }

  private static UnaryOperator<CallOptions> deadline(Duration timeout) {
    return options -> options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
