package org.chipledger.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;

/**
 * A snapshot agent on loopback inside the calling process, with a throwaway TLS CA and a relaying
 * host's client certificate, so benchmarks and a training host can stream many chips' records over
 * few links to the ledger the process already holds. {@code ackKey} is the public key its acks are
 * signed with (its TLS key), which the chips it serves must be given.
 */
public record LoopbackAgent(SnapshotAgent agent, LinkSecurity.TlsFiles hostTls, PublicKey ackKey)
    implements AutoCloseable {

  /** Starts the agent for {@code siteId} on an ephemeral loopback port, its files under dir. */
  public static LoopbackAgent start(
      Path dir, String siteId, String operatorOrg, Duration epoch, LedgerClient ledger) {
    CertificateAuthority ca = CertificateAuthority.create("LoopbackTLS", "loopback-tls-ca");
    LinkSecurity.TlsFiles agentTls =
        LinkSecurity.TlsFiles.write(
            ca.issueTls("snapshot-agent", List.of("127.0.0.1")),
            ca.certificatePem(),
            dir.resolve("tls/agent"));
    LinkSecurity.TlsFiles hostTls =
        LinkSecurity.TlsFiles.write(
            ca.issueTls("host:loopback", List.of("127.0.0.1")),
            ca.certificatePem(),
            dir.resolve("tls/host"));
    SnapshotAgent agent =
        SnapshotAgent.start(
            new SnapshotAgent.Config(
                siteId,
                operatorOrg,
                new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(),
                dir.resolve("agent"),
                epoch,
                agentTls,
                Faults.NONE,
                AgentLimits.DEFAULTS,
                Optional.empty()),
            ledger);
    return new LoopbackAgent(agent, hostTls, AckSignatures.publicKey(agentTls.certPem()));
  }

  @Override
  public void close() {
    agent.close();
  }
}
