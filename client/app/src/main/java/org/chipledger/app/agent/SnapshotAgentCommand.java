package org.chipledger.app.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.chipledger.agent.AgentLimits;
import org.chipledger.agent.Faults;
import org.chipledger.agent.SnapshotAgent;
import org.chipledger.app.options.DurationConverter;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.options.TlsOptions;
import org.chipledger.app.output.Output;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.app.session.Session;
import org.chipledger.client.backend.Backends;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The datacenter's snapshot agent, and the TLS identities its chips and itself present. */
@Command(
    name = "snapshot-agent",
    description = "Run a datacenter's snapshot agent, or issue TLS files for it and its chips.",
    subcommands = {SnapshotAgentCommand.Serve.class, SnapshotAgentCommand.IssueTls.class})
public final class SnapshotAgentCommand {

  @Command(
      name = "serve",
      description =
          "Take chips' signed snapshot records over gRPC (mTLS), make each durable before"
              + " acknowledging it, and commit one Merkle batch per epoch to the ledger.")
  static final class Serve extends LedgerCommand {
    @Option(names = "--site-id", required = true, description = "The site whose chips report here.")
    String siteId;

    @Option(names = "--listen", defaultValue = "127.0.0.1:7443")
    String listen;

    @Option(
        names = "--metrics",
        defaultValue = "127.0.0.1:9464",
        description = "Prometheus endpoint host:port, or 'none' (default: ${DEFAULT-VALUE}).")
    String metrics;

    @Option(
        names = "--store",
        description = "The agent's store (default: <data-dir>/agent/<site>).")
    Path store;

    @Option(
        names = "--epoch",
        defaultValue = "10s",
        converter = DurationConverter.class,
        description = "How often a batch is sealed and committed (default: ${DEFAULT-VALUE}).")
    Duration epoch;

    @CommandLine.Mixin TlsOptions tls;

    @Option(
        names = "--ack-key",
        description =
            "PEM private key that signs every ack (default: the TLS key; required with"
                + " --plaintext). Chips verify acks against its public key.")
    Path ackKey;

    @Option(
        names = "--streams-per-client",
        defaultValue = "256",
        description = "Concurrent streams per client certificate (default: ${DEFAULT-VALUE}).")
    int streamsPerClient;

    @Option(
        names = "--max-message-bytes",
        defaultValue = "65536",
        description = "Largest gRPC message taken (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(
        names = "--chip-rate",
        defaultValue = "100",
        description = "Records per second one chip may send (default: ${DEFAULT-VALUE}).")
    double chipRate;

    @Option(
        names = "--chip-burst",
        defaultValue = "1000",
        description = "Records one chip may send at once (default: ${DEFAULT-VALUE}).")
    int chipBurst;

    @Option(
        names = "--queue-capacity",
        defaultValue = "16384",
        description =
            "Records waiting for the journal, across streams (default: ${DEFAULT-VALUE}).")
    int queueCapacity;

    @Option(
        names = "--ledger-lookups-per-second",
        defaultValue = "50",
        description =
            "Ledger lookups of chips the agent does not hold, per second (default:"
                + " ${DEFAULT-VALUE}).")
    double lookupsPerSecond;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      Identity identity = Session.identity(options());
      SnapshotAgent.Config config;
      try {
        AgentLimits d = AgentLimits.DEFAULTS;
        config =
            new SnapshotAgent.Config(
                siteId,
                identity.attributes().getOrDefault("org", ""),
                address(listen),
                metrics.equals("none") ? Optional.empty() : Optional.of(address(metrics)),
                store != null ? store : options().dataDir().resolve("agent").resolve(siteId),
                epoch,
                tls.security(spec.commandLine()),
                Faults.NONE,
                new AgentLimits(
                    streamsPerClient,
                    maxMessageBytes,
                    d.streamWindow(),
                    queueCapacity,
                    chipRate,
                    chipBurst,
                    lookupsPerSecond,
                    d.unknownChips(),
                    d.unknownChipTtl()),
                Optional.ofNullable(ackKey));
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      if (config.security() instanceof LinkSecurity.Plaintext
          && !config.listen().getAddress().isLoopbackAddress()) {
        throw usage("--plaintext listens on loopback only, not on " + listen);
      }
      if (config.security() instanceof LinkSecurity.Plaintext && ackKey == null) {
        throw usage("--plaintext needs --ack-key: chips check every ack's signature");
      }
      CountDownLatch stopped = new CountDownLatch(1);
      try (SnapshotAgent agent = SnapshotAgent.start(config, ledger)) {
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        out.line(
            "snapshot agent for site "
                + siteId
                + " listening on "
                + listen.replaceAll(":\\d+$", "")
                + ":"
                + agent.port()
                + agent.metricsPort().map(p -> ", metrics on port " + p).orElse("")
                + "; epoch "
                + epoch);
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private InetSocketAddress address(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw usage("expected host:port, got " + hostPort);
      }
      return new InetSocketAddress(
          hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
  }

  @Command(
      name = "issue-tls",
      description =
          "Issue mTLS files from your MSP's CA: for the agent (--name snapshot-agent) or for a chip"
              + " (--name <serial>).")
  static final class IssueTls extends ChipLedgerCommand {
    @Option(names = "--msp", required = true, description = "The MSP whose CA issues, e.g. USMSP.")
    String msp;

    @Option(names = "--name", required = true, description = "The certificate's CN.")
    String name;

    @Option(names = "--host", defaultValue = "127.0.0.1", split = ",")
    List<String> hosts;

    @Option(
        names = "--out",
        required = true,
        description = "Directory for ca.pem, cert.pem, key.pem.")
    Path out;

    @Override
    public Integer call() {
      GlobalOptions options = options();
      IdentityStore store = Backends.identities(options.settings());
      CertificateAuthority ca =
          store.ca(msp).orElseThrow(() -> usage("no CA for MSP " + msp + " in the identity store"));
      LinkSecurity.TlsFiles files =
          LinkSecurity.TlsFiles.write(ca.issueTls(name, hosts), ca.certificatePem(), out);
      output().line("issued " + name + ": " + files.certPem() + ", " + files.keyPem());
      return 0;
    }
  }
}
