package org.chipledger.app.landmark;

import io.grpc.BindableService;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.location.v1.AttestRequest;
import org.chipledger.proto.location.v1.AttestResponse;
import org.chipledger.proto.location.v1.ChipChallengeGrpc;
import org.chipledger.proto.location.v1.LandmarkServiceGrpc;

/**
 * {@code chipledger landmark serve}: a gRPC server (mTLS unless plaintext on loopback) whose {@code
 * Attest} challenges a chip through the relay the caller names, over the same link security, and
 * records the attestation. A ledger refusal comes back as FAILED_PRECONDITION with its code.
 */
public final class LandmarkServer extends LandmarkServiceGrpc.LandmarkServiceImplBase
    implements AutoCloseable {
  private final LandmarkStation station;
  private final LinkSecurity security;
  private final Map<String, ManagedChannel> relays = new ConcurrentHashMap<>();
  private final Server server;

  private LandmarkServer(LandmarkStation station, LinkSecurity security, InetSocketAddress listen)
      throws IOException {
    this.station = station;
    this.security = security;
    this.server = serve(listen, security, this);
  }

  /**
   * A started gRPC server of {@code services} on {@code listen}: mTLS that requires the client's
   * certificate, or plaintext, which only loopback may use.
   */
  static Server serve(InetSocketAddress listen, LinkSecurity security, BindableService... services)
      throws IOException {
    if (security instanceof LinkSecurity.Plaintext
        && (listen.getAddress() == null || !listen.getAddress().isLoopbackAddress())) {
      throw new IllegalArgumentException(
          "plaintext is for loopback only; " + listen.getHostString() + " is not loopback");
    }
    NettyServerBuilder builder = NettyServerBuilder.forAddress(listen);
    for (BindableService service : services) {
      builder.addService(service);
    }
    if (security instanceof LinkSecurity.TlsFiles tls) {
      builder.sslContext(
          GrpcSslContexts.forServer(tls.certPem().toFile(), tls.keyPem().toFile())
              .trustManager(tls.caPem().toFile())
              .clientAuth(ClientAuth.REQUIRE)
              .build());
    }
    return builder.build().start();
  }

  /** Starts a landmark server on {@code listen} (port 0: any free port). */
  public static LandmarkServer start(
      LandmarkStation station, LinkSecurity security, InetSocketAddress listen) {
    try {
      return new LandmarkServer(station, security, listen);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the landmark server: " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void attest(AttestRequest request, StreamObserver<AttestResponse> response) {
    int colon = request.getRelay().lastIndexOf(':');
    if (colon <= 0 || request.getSerial().isEmpty()) {
      response.onError(
          Status.INVALID_ARGUMENT
              .withDescription("give a serial and the relay as host:port")
              .asException());
      return;
    }
    try {
      ManagedChannel channel =
          relays.computeIfAbsent(
              request.getRelay(),
              r ->
                  security.channelTo(
                      r.substring(0, colon), Integer.parseInt(r.substring(colon + 1))));
      connected(channel);
      response.onNext(
          station.attest(request.getSerial(), ChipChallengeGrpc.newBlockingStub(channel)));
      response.onCompleted();
    } catch (NumberFormatException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("bad relay port").asException());
    } catch (LedgerException e) {
      response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
    } catch (StatusRuntimeException e) {
      response.onError(Status.UNAVAILABLE.withDescription("relay: " + e.getStatus()).asException());
    }
  }

  /**
   * Waits until the relay's channel is connected: the TCP and TLS handshakes must not count in the
   * round trip, or honest chips would look farther than they are.
   */
  static void connected(ManagedChannel channel) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    ConnectivityState state = channel.getState(true);
    while (state != ConnectivityState.READY && System.nanoTime() < deadline) {
      java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      try {
        changed.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      state = channel.getState(true);
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
    relays.values().forEach(ManagedChannel::shutdownNow);
  }
}
