package org.chipledger.agent;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.chipledger.crypto.Sha256;

/**
 * At most {@code limit} concurrent calls per client certificate (per remote address on a plaintext
 * loopback link); a call past it ends at once with RESOURCE_EXHAUSTED and AGENT_STREAM_LIMIT, so
 * one client's thousands of streams cost the agent nothing but the refusals.
 */
final class StreamLimiter implements ServerInterceptor {
  private final int limit;
  private final AgentMetrics metrics;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  StreamLimiter(int limit, AgentMetrics metrics) {
    this.limit = limit;
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String client = client(call);
    if (!acquire(client)) {
      metrics.streamRefused();
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              AgentRefusal.AGENT_STREAM_LIMIT.format(
                  "this client certificate already holds "
                      + limit
                      + " concurrent streams to the agent")),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable done =
        () -> {
          if (released.compareAndSet(false, true)) {
            open.computeIfPresent(client, (c, n) -> n <= 1 ? null : n - 1);
          }
        };
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(call, headers);
    } catch (RuntimeException e) {
      done.run();
      throw e;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        done.run();
        super.onComplete();
      }

      @Override
      public void onCancel() {
        done.run();
        super.onCancel();
      }
    };
  }

  /** Counts one more call of {@code client} if it has room; an idle client has no entry. */
  private boolean acquire(String client) {
    boolean[] taken = new boolean[1];
    open.compute(
        client,
        (c, n) -> {
          int now = n == null ? 0 : n;
          taken[0] = now < limit;
          return taken[0] ? now + 1 : n;
        });
    return taken[0];
  }

  private static String client(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session != null) {
      try {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length > 0) {
          return "cert:" + Sha256.hex(Sha256.of(chain[0].getEncoded()));
        }
      } catch (SSLPeerUnverifiedException | CertificateEncodingException e) {
        // No verified certificate: fall back to the address.
      }
    }
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return remote instanceof InetSocketAddress inet
        ? "addr:" + inet.getAddress().getHostAddress()
        : "addr:" + remote;
  }
}
