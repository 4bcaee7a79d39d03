package org.chipledger.agent;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Names each call's chip from its TLS client certificate (the CN), so that a link authenticated as
 * one chip cannot carry another chip's records. A certificate whose CN starts with {@value
 * #HOST_PREFIX} belongs to a datacenter host that relays many chips' records; their signatures, not
 * the link, vouch for them.
 */
final class PeerChip implements ServerInterceptor {
  /** The CN prefix of a relaying host's TLS certificate. */
  static final String HOST_PREFIX = "host:";

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    String chip = session == null ? null : commonName(session);
    if (chip == null || chip.startsWith(HOST_PREFIX)) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(
        Context.current().withValue(IngestService.PEER_CHIP, chip), call, headers, next);
  }

  private static String commonName(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
        return null;
      }
      RDN[] cn = new X500Name(leaf.getSubjectX500Principal().getName()).getRDNs(BCStyle.CN);
      return cn.length == 0 ? null : IETFUtils.valueToString(cn[0].getFirst().getValue());
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
