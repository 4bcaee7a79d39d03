package org.chipledger.agent;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.AgentAddress;
import org.chipledger.firmware.AgentLink;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.Firmware;
import org.chipledger.firmware.LedgerTrust;
import org.chipledger.firmware.NvramLog;
import org.chipledger.firmware.WeightSource;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/**
 * An embedded ledger on disk where dc-us holds chips deployed at its site us-east, plus one chip it
 * holds but has not deployed; with chip keys and mTLS files for the agent and every chip.
 */
public final class SnapshotWorld {
  public static final String SITE = "us-east";
  public static final String OPERATOR = "dc-us";
  public static final String MSP = Cast.member(OPERATOR).mspId();

  public final Path dir;
  public final List<String> deployed = new ArrayList<>();
  public final String idle;

  private SnapshotWorld(Path dir, String idle) {
    this.dir = dir;
    this.idle = idle;
  }

  /** Builds the world in {@code dir} with {@code chips} deployed chips, and closes the ledger. */
  public static SnapshotWorld create(Path dir, int chips) {
    Fleet fleet;
    try (EmbeddedCast cast = EmbeddedCast.create(identities(dir), ledgerDir(dir))) {
      Founding.found(cast, Founding.policy());
      fleet =
          Fleet.deploy(
              cast.as("fab-us"),
              cast.as(OPERATOR),
              OPERATOR,
              SITE,
              "US",
              "SN-US",
              1L,
              chips,
              1,
              n -> {});
      for (int i = 0; i < fleet.serials().size(); i++) {
        ChipKeys.writePrivateKey(dir.resolve("chip-keys"), fleet.serials().get(i), fleet.keys(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> serials = fleet.serials();
    IdentityStore store = new IdentityStore(identities(dir));
    CertificateAuthority ca = store.ca(MSP).orElseThrow();
    LinkSecurity.TlsFiles.write(
        ca.issueTls("snapshot-agent", List.of("127.0.0.1", "localhost")),
        ca.certificatePem(),
        dir.resolve("tls/agent"));
    for (String serial : serials) {
      LinkSecurity.TlsFiles.write(
          ca.issueTls(serial, List.of("127.0.0.1")),
          ca.certificatePem(),
          dir.resolve("tls/" + serial));
    }
    SnapshotWorld world = new SnapshotWorld(dir, serials.get(chips));
    world.deployed.addAll(serials.subList(0, chips));
    return world;
  }

  public static Path identities(Path dir) {
    return dir.resolve("identities");
  }

  public static Path ledgerDir(Path dir) {
    return dir.resolve("ledger");
  }

  /** The datacenter's ledger connection, on a ledger this process opened. */
  public static LedgerClient operator(Path dir, EmbeddedLedger ledger) {
    return new LedgerClient(ledger.connect(new IdentityStore(identities(dir)).load(MSP, OPERATOR)));
  }

  public static SnapshotAgent.Config config(
      Path dir, LinkSecurity security, Duration epoch, Faults faults) {
    return new SnapshotAgent.Config(
        SITE,
        OPERATOR,
        new InetSocketAddress("127.0.0.1", 0),
        Optional.of(new InetSocketAddress("127.0.0.1", 0)),
        dir.resolve("agent-store"),
        epoch,
        security,
        faults,
        AgentLimits.DEFAULTS,
        Optional.empty());
  }

  /** Boots a chip's firmware with its NVRAM under {@code dir/nvram}, linked to the agent. */
  public Firmware chip(String serial, int agentPort, Duration ackTimeout) throws IOException {
    return chip(serial, agentPort, ackTimeout, Optional.empty());
  }

  /** Boots a chip as {@link #chip(String, int, Duration)} does, provisioned with {@code trust}. */
  public Firmware chip(
      String serial, int agentPort, Duration ackTimeout, Optional<LedgerTrust> trust)
      throws IOException {
    AgentLink link =
        AgentLink.connect(
            new AgentAddress("127.0.0.1", agentPort),
            LinkSecurity.TlsFiles.in(dir.resolve("tls/" + serial)),
            // The agent signs its acks with its TLS key: the chip is given its certificate.
            AckSignatures.publicKey(LinkSecurity.TlsFiles.in(dir.resolve("tls/agent")).certPem()),
            ackTimeout);
    return Firmware.boot(
        new ChipIdentity(
            serial, "1.0.0", ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem"))),
        NvramLog.open(dir.resolve("nvram/" + serial + ".log")),
        WeightSource.of(new float[] {1f, 2f, 3f, serial.hashCode()}),
        Clock.systemUTC(),
        Optional.of(link),
        Optional.empty(),
        trust);
  }

  public static SnapshotRecord record(String serial, long counter, ByteString prev, long seconds) {
    return SnapshotRecord.newBuilder()
        .setChipSerial(serial)
        .setCounter(counter)
        .setChipTime(Timestamp.newBuilder().setSeconds(1_700_000_000L + seconds))
        .setWeightHash(ByteString.copyFrom(Sha256.of(new byte[] {(byte) counter})))
        .setPrevRecordHash(prev)
        .setFirmwareVersion("1.0.0")
        .build();
  }

  public static SignedSnapshotRecord sign(ChipSigner key, SnapshotRecord record) {
    return SignedSnapshotRecord.newBuilder()
        .setRecord(record.toByteString())
        .setSignature(ByteString.copyFrom(key.sign(record.toByteArray())))
        .build();
  }

  /** mTLS files of a relaying host {@code host:<name>}, issued by the operator's CA once. */
  public LinkSecurity.TlsFiles hostTls(String name) {
    Path files = dir.resolve("tls/host-" + name);
    if (java.nio.file.Files.isDirectory(files)) {
      return LinkSecurity.TlsFiles.in(files);
    }
    CertificateAuthority ca = new IdentityStore(identities(dir)).ca(MSP).orElseThrow();
    return LinkSecurity.TlsFiles.write(
        ca.issueTls(PeerChip.HOST_PREFIX + name, List.of("127.0.0.1")), ca.certificatePem(), files);
  }

  /** An mTLS channel to the agent, authenticated as {@code serial}; the caller shuts it down. */
  public ManagedChannel channel(String serial, int port) {
    return LinkSecurity.TlsFiles.in(dir.resolve("tls/" + serial)).channelTo("127.0.0.1", port);
  }
}
