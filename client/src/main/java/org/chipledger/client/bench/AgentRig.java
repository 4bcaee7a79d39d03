package org.chipledger.client.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.snapshot.Faults;
import org.chipledger.client.snapshot.SnapshotAgent;

/**
 * A snapshot agent on loopback for a benchmark, with a throwaway TLS CA and a relaying host's
 * client certificate, so load generators can stream many chips' records over few links.
 */
record AgentRig(SnapshotAgent agent, LinkSecurity.TlsFiles hostTls) implements AutoCloseable {

  static AgentRig start(
      Path dir, String siteId, String operatorOrg, Duration epoch, LedgerClient ledger) {
    CertificateAuthority ca = CertificateAuthority.create("BenchTLS", "bench-tls-ca");
    LinkSecurity.TlsFiles agentTls =
        LinkSecurity.TlsFiles.write(
            ca.issueTls("snapshot-agent", List.of("127.0.0.1")),
            ca.certificatePem(),
            dir.resolve("tls/agent"));
    LinkSecurity.TlsFiles hostTls =
        LinkSecurity.TlsFiles.write(
            ca.issueTls("host:bench", List.of("127.0.0.1")),
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
                Faults.NONE),
            ledger);
    return new AgentRig(agent, hostTls);
  }

  @Override
  public void close() {
    agent.close();
  }
}
