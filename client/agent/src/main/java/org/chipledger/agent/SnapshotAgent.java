package org.chipledger.agent;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;

/**
 * A datacenter's snapshot agent: a gRPC server that takes chips' signed snapshot records, makes
 * each durable before acknowledging it, seals them into one Merkle batch per epoch, commits each
 * batch to the ledger, and serves inclusion proofs. Restarted on the same store after kill -9, it
 * loses nothing and commits nothing twice.
 *
 * <pre>{@code
 * try (SnapshotAgent agent = SnapshotAgent.start(config, datacenterLedgerClient)) {
 *   agent.awaitTermination();
 * }
 * }</pre>
 */
public final class SnapshotAgent implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SnapshotAgent.class.getName());
  private static final int MAX_METADATA_BYTES = 8 * 1024;

  /**
   * How an agent runs.
   *
   * @param siteId the site whose chips report here; the agent's identity must operate it
   * @param operatorOrg the operator's organisation id, whose chips the agent preloads
   * @param listen where the gRPC server listens (loopback in tests)
   * @param metrics where the Prometheus endpoint listens, if anywhere
   * @param store the directory of the agent's write-ahead store
   * @param epoch how often a batch is sealed and committed
   * @param security mTLS files, or plaintext, which the agent takes on a loopback address only
   * @param faults crash points for tests; {@link Faults#NONE} otherwise
   * @param limits what the agent grants each client, chip and unknown serial
   * @param ackKey the PEM private key that signs acknowledgements; empty: the TLS key, and a
   *     plaintext agent must name one
   */
  public record Config(
      String siteId,
      String operatorOrg,
      InetSocketAddress listen,
      Optional<InetSocketAddress> metrics,
      Path store,
      Duration epoch,
      LinkSecurity security,
      Faults faults,
      AgentLimits limits,
      Optional<Path> ackKey) {

    /** This configuration with other limits. */
    public Config withLimits(AgentLimits other) {
      return new Config(
          siteId, operatorOrg, listen, metrics, store, epoch, security, faults, other, ackKey);
    }

    /**
     * The key that signs acks: the named one, else the TLS key; a plaintext agent must name one.
     */
    PrivateKey ackSigningKey() {
      if (ackKey.isPresent()) {
        return AckSignatures.privateKey(ackKey.get());
      }
      if (security instanceof LinkSecurity.TlsFiles tls) {
        return AckSignatures.privateKey(tls.keyPem());
      }
      throw new IllegalArgumentException(
          "a plaintext agent needs an ack key (--ack-key): its chips check every ack's signature");
    }

    /** Refuses plaintext anywhere but on loopback: only the agent faces datacenter hosts. */
    void requireSafeTransport() {
      if (security instanceof LinkSecurity.Plaintext
          && (listen.getAddress() == null || !listen.getAddress().isLoopbackAddress())) {
        throw new IllegalArgumentException(
            "plaintext is for loopback only; "
                + listen.getHostString()
                + " is not a loopback address (use mTLS: --tls-dir)");
      }
    }
  }

  private final AgentStore store;
  private final ChipDirectory chips;
  private final Ingestor ingestor;
  private final BatchPipeline pipeline;
  private final AgentMetrics metrics;
  private final Server server;
  private final HttpServer metricsServer;
  private final ScheduledExecutorService ticker;
  private final ExecutorService handlers;
  private volatile boolean closing;

  private SnapshotAgent(Config config, LedgerClient ledger) throws IOException {
    config.requireSafeTransport();
    PrivateKey ackKey = config.ackSigningKey();
    AgentLimits limits = config.limits();
    store = AgentStore.open(config.store());
    metrics = new AgentMetrics();
    chips = new ChipDirectory(ledger, config.operatorOrg(), config.epoch(), limits, metrics);
    ingestor = new Ingestor(store, chips, config.siteId(), metrics, config.faults(), limits);
    pipeline =
        new BatchPipeline(
            store,
            ledger,
            config.siteId(),
            config.epoch(),
            metrics,
            config.faults(),
            ingestor.arrivals);
    metrics.watch(pipeline);
    chips.start();
    ProofService proofs = new ProofService(store, pipeline, config.siteId(), ledger);
    // A fixed pool: ten thousand streams must not become ten thousand threads.
    handlers =
        Executors.newFixedThreadPool(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "snapshot-agent-calls");
              t.setDaemon(true);
              return t;
            });
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(config.listen())
            .executor(handlers)
            .maxInboundMessageSize(limits.maxMessageBytes())
            .maxInboundMetadataSize(MAX_METADATA_BYTES)
            .maxConcurrentCallsPerConnection(limits.streamsPerClient())
            .addService(
                ServerInterceptors.intercept(
                    LenientSubmit.wrap(
                        new IngestService(
                                ingestor, proofs, config.faults(), ackKey, limits.streamWindow())
                            .bindService()),
                    new PeerChip(),
                    new StreamLimiter(limits.streamsPerClient(), metrics)));
    if (config.security() instanceof LinkSecurity.TlsFiles tls) {
      builder.sslContext(
          GrpcSslContexts.forServer(tls.certPem().toFile(), tls.keyPem().toFile())
              .trustManager(tls.caPem().toFile())
              .clientAuth(ClientAuth.REQUIRE)
              .build());
    }
    server = builder.build().start();
    metricsServer = config.metrics().map(this::serveMetrics).orElse(null);
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "snapshot-agent-batches");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(50, Math.min(1000, config.epoch().toMillis() / 4));
    ticker.scheduleWithFixedDelay(
        () -> {
          try {
            pipeline.tick(false);
          } catch (RuntimeException e) {
            // Closing interrupts a round waiting on the ledger; it resumes from the store.
            if (!closing) {
              LOG.log(Level.WARNING, "batch round failed; retrying next round", e);
            }
          }
        },
        0,
        period,
        TimeUnit.MILLISECONDS);
  }

  /** Opens (or creates) the store, resumes uncommitted batches, and starts serving. */
  public static SnapshotAgent start(Config config, LedgerClient ledger) {
    try {
      return new SnapshotAgent(config, ledger);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the snapshot agent: " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  public Optional<Integer> metricsPort() {
    return Optional.ofNullable(metricsServer).map(s -> s.getAddress().getPort());
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  /** Why the agent is not acknowledging records, if it is not: its journal cannot be written. */
  public Optional<String> unhealthy() {
    return ingestor.journalFailure();
  }

  /** Unknown serials the agent remembers now (bounded by {@link AgentLimits#unknownChips()}). */
  public int unknownChipsRemembered() {
    return chips.unknownRemembered();
  }

  /** Seals whatever has arrived and pushes every uncommitted batch now, without the epoch. */
  public void flush() {
    pipeline.tick(true);
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  private HttpServer serveMetrics(InetSocketAddress address) {
    try {
      HttpServer http = HttpServer.create(address, 16);
      http.createContext(
          "/metrics",
          exchange -> {
            byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      http.createContext(
          "/health",
          exchange -> {
            Optional<String> failure = unhealthy();
            byte[] body =
                failure
                    .map(f -> "journal failing: " + f + "\n")
                    .orElse("ok\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(failure.isPresent() ? 503 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      http.start();
      return http;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + address, e);
    }
  }

  @Override
  public void close() {
    closing = true;
    chips.close();
    server.shutdown();
    awaitUninterrupted(() -> server.awaitTermination(10, TimeUnit.SECONDS));
    server.shutdownNow();
    if (metricsServer != null) {
      metricsServer.stop(0);
    }
    ticker.shutdownNow();
    awaitUninterrupted(() -> ticker.awaitTermination(30, TimeUnit.SECONDS));
    handlers.shutdownNow();
    ingestor.close();
    store.close();
  }

  /** A bounded wait for something to stop. */
  @FunctionalInterface
  private interface Termination {
    void await() throws InterruptedException;
  }

  /** Waits for {@code termination}; an interrupt ends the wait and stays set for the caller. */
  private static void awaitUninterrupted(Termination termination) {
    try {
      termination.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
