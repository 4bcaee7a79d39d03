package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.LinkSecurity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link over real Netty on loopback with mutual TLS, as a chip meets the agent. */
class AgentLinkTlsTest {
  // Generous: the first TLS handshake on a loaded 2-core host can take seconds, and an ack ends the
  // wait as soon as it arrives; a refused handshake fails at once rather than at this bound.
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private TestPki pki;
  private Server server;
  private ScriptedAgent agent;

  @BeforeEach
  void startAgent() throws Exception {
    pki = new TestPki(dir.resolve("pki"), "site");
    // As the real agent does by default: acks signed with its TLS key.
    agent =
        new ScriptedAgent(
            new KeyPair(
                AckSignatures.publicKey(pki.agentCert), AckSignatures.privateKey(pki.agentKey)));
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TlsServerCredentials.newBuilder()
                    .keyManager(pki.agentCert.toFile(), pki.agentKey.toFile())
                    .trustManager(pki.caPem.toFile())
                    .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                    .build())
            .addService(agent)
            .build()
            .start();
  }

  @AfterEach
  void stopAgent() {
    server.shutdownNow();
  }

  @Test
  void aChipWithItsTlsIdentityIsAcknowledgedOverMutualTls() throws Exception {
    LinkSecurity tls = new LinkSecurity.TlsFiles(pki.caPem, pki.chipCert, pki.chipKey);
    try (Firmware firmware = boot(tls)) {
      assertThat(firmware.snapshot("r").outcome()).isEqualTo(new SnapshotOutcome.Acked());
    }
    assertThat(agent.receivedCounters()).containsExactly(1L);
  }

  @Test
  void anAgentCertificateFromAnotherCaIsNotTrustedAndTheRecordStaysInNvram() throws Exception {
    TestPki stranger = new TestPki(dir.resolve("other"), "elsewhere");
    LinkSecurity tls =
        new LinkSecurity.TlsFiles(stranger.caPem, stranger.chipCert, stranger.chipKey);
    try (Firmware firmware = boot(tls)) {
      assertThat(firmware.snapshot("r").outcome()).isInstanceOf(SnapshotOutcome.NvramOnly.class);
      assertThat(firmware.unacknowledged()).isEqualTo(1);
    }
    assertThat(agent.received()).isEmpty();
  }

  private Firmware boot(LinkSecurity security) throws Exception {
    TestChip chip = new TestChip(dir.resolve("keys"), "CHIP-7");
    AgentLink link =
        AgentLink.connect(
            new AgentAddress("127.0.0.1", server.getPort()),
            security,
            // What an operator hands the chip: the agent's TLS certificate file.
            AckSignatures.publicKey(pki.agentCert),
            ACK_TIMEOUT);
    return Firmware.boot(
        chip.identity(),
        NvramLog.open(dir.resolve("chip.nvram")),
        WeightSource.of(new float[] {1f, 2f}),
        new SteppingClock(Instant.parse("2030-01-01T00:00:00Z")),
        Optional.of(link));
  }
}
