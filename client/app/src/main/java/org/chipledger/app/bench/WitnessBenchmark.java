package org.chipledger.app.bench;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.chipledger.agent.LoopbackAgent;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.chipledger.firmware.AgentAddress;
import org.chipledger.firmware.AgentLink;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.ChipToken;
import org.chipledger.firmware.FabricBlockCheck;
import org.chipledger.firmware.FabricConsenters;
import org.chipledger.firmware.FabricTrust;
import org.chipledger.firmware.Firmware;
import org.chipledger.firmware.LedgerTrust;
import org.chipledger.firmware.NvramLog;
import org.chipledger.firmware.ProofVerdict;
import org.chipledger.firmware.WeightSource;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;

/**
 * Issue 16's figures for the chip as a witness: signing rate through the PKCS#11 token for one chip
 * and for many chips in one process, snapshot latency from weight freeze to an anchored
 * acknowledgement on the cast's ledger (embedded or Fabric), and the chip-side cost of checking a
 * Fabric block's BFT signatures.
 */
record WitnessBenchmark(
    Path dir,
    Cast cast,
    LedgerTrust trust,
    Optional<char[]> tokenPin,
    int tokenSlot,
    int tokenChips,
    int signatures,
    int snapshots,
    Duration epoch,
    int weights,
    int blockChecks) {
  private static final String SITE = "witness-site";
  private static final String OPERATOR = "dc-us";

  List<LedgerBenchmark.Figure> run() throws Exception {
    List<LedgerBenchmark.Figure> figures = new ArrayList<>();
    if (tokenPin.isPresent()) {
      figures.addAll(tokenSigning());
    }
    figures.addAll(anchoredLatency());
    figures.add(fabricBlockCheck());
    return figures;
  }

  private List<LedgerBenchmark.Figure> tokenSigning() throws IOException {
    ChipToken token = ChipToken.open(ChipToken.SOFTHSM2, tokenSlot, tokenPin.orElseThrow());
    String prefix = "BENCH-" + System.currentTimeMillis() + "-";
    List<ChipSigner> signers = new ArrayList<>();
    for (int i = 0; i < tokenChips; i++) {
      token.generate(prefix + i);
      signers.add(token.signer(prefix + i));
    }
    byte[] message = new byte[160];
    List<LedgerBenchmark.Figure> figures = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < signatures; i++) {
      signers.get(0).sign(message);
    }
    figures.add(rate("token signatures, one chip", signatures, start, "SoftHSM2 via SunPKCS11"));
    start = System.nanoTime();
    for (int i = 0; i < signatures; i++) {
      signers.get(i % signers.size()).sign(message);
    }
    figures.add(
        rate("token signatures, " + tokenChips + " chips", signatures, start, "one thread"));
    start = System.nanoTime();
    IntStream.range(0, signatures)
        .parallel()
        .forEach(i -> signers.get(i % signers.size()).sign(message));
    figures.add(
        rate(
            "token signatures, " + tokenChips + " chips",
            signatures,
            start,
            Runtime.getRuntime().availableProcessors() + " threads"));
    return figures;
  }

  private static LedgerBenchmark.Figure rate(String name, int count, long start, String note) {
    double seconds = (System.nanoTime() - start) / 1e9;
    return new LedgerBenchmark.Figure(name, count / seconds, "signatures/s", note);
  }

  private List<LedgerBenchmark.Figure> anchoredLatency() throws Exception {
    Founding.found(cast, Founding.policy());
    Fleet fleet =
        Fleet.deploy(
            cast.as("fab-us"), cast.as(OPERATOR), OPERATOR, SITE, "US", "SN-W", 16L, 1, 0, n -> {});
    float[] live = new float[weights];
    Arrays.fill(live, 0.5f);
    long[] nanos = new long[snapshots];
    try (LoopbackAgent agent =
            LoopbackAgent.start(dir.resolve("agent"), SITE, OPERATOR, epoch, cast.as(OPERATOR));
        Firmware chip =
            Firmware.boot(
                new ChipIdentity(
                    fleet.serials().get(0), "1.0", new ChipSigner(fleet.keys(0).getPrivate())),
                NvramLog.open(dir.resolve("nvram/chip.log")),
                WeightSource.supplied(() -> live),
                Clock.systemUTC(),
                Optional.of(
                    AgentLink.connect(
                        new AgentAddress("127.0.0.1", agent.agent().port()),
                        agent.hostTls(),
                        agent.ackKey(),
                        Duration.ofSeconds(30))),
                Optional.empty(),
                Optional.of(trust))) {
      for (int i = 0; i < snapshots; i++) {
        live[i % live.length] += 1f;
        long start = System.nanoTime();
        chip.snapshot("witness-run");
        while (chip.unanchored() > 0) {
          Thread.sleep(1);
          chip.anchor();
        }
        nanos[i] = System.nanoTime() - start;
      }
    }
    Arrays.sort(nanos);
    String note =
        (trust.anchor() instanceof FabricTrust ? "Fabric" : "embedded ledger")
            + ", "
            + weights
            + " weights, agent epoch "
            + epoch.toMillis()
            + " ms";
    return List.of(
        new LedgerBenchmark.Figure(
            "freeze to anchored ack, p50", nanos[snapshots / 2] / 1e6, "ms", note),
        new LedgerBenchmark.Figure(
            "freeze to anchored ack, max", nanos[snapshots - 1] / 1e6, "ms", note));
  }

  private LedgerBenchmark.Figure fabricBlockCheck() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("OrdererMSP", "bench-orderer-ca");
    List<Consenter> consenters = new ArrayList<>();
    List<Identity> orderers = new ArrayList<>();
    for (int id = 1; id <= 4; id++) {
      Identity orderer = ca.issue("orderer" + id, Map.of());
      orderers.add(orderer);
      consenters.add(
          Consenter.newBuilder()
              .setId(id)
              .setMspId(orderer.mspId())
              .setIdentity(ByteString.copyFrom(orderer.certificatePem(), StandardCharsets.UTF_8))
              .build());
    }
    List<ByteString> data = new ArrayList<>();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 10; i++) {
      ByteString envelope =
          ByteString.copyFrom(new byte[3_000]).concat(ByteString.copyFromUtf8("" + i));
      data.add(envelope);
      sha.update(envelope.toByteArray());
    }
    BlockHeader header =
        BlockHeader.newBuilder()
            .setNumber(42)
            .setPreviousHash(ByteString.copyFrom(new byte[32]))
            .setDataHash(ByteString.copyFrom(sha.digest()))
            .build();
    ByteString value = ByteString.copyFromUtf8("bench");
    Metadata.Builder metadata = Metadata.newBuilder().setValue(value);
    for (int id = 1; id <= 4; id++) {
      ByteString idHeader = IdentifierHeader.newBuilder().setIdentifier(id).build().toByteString();
      byte[] signed =
          value
              .concat(idHeader)
              .concat(ByteString.copyFrom(FabricBlockCheck.headerBytes(header)))
              .toByteArray();
      metadata.addSignatures(
          MetadataSignature.newBuilder()
              .setIdentifierHeader(idHeader)
              .setSignature(ByteString.copyFrom(orderers.get(id - 1).sign(signed))));
    }
    Block block =
        Block.newBuilder()
            .setHeader(header)
            .setData(BlockData.newBuilder().addAllData(data))
            .setMetadata(BlockMetadata.newBuilder().addMetadata(metadata.build().toByteString()))
            .build();
    FabricConsenters anchor = FabricConsenters.of(consenters);
    for (int i = 0; i < 200; i++) {
      requireAnchored(FabricBlockCheck.check(block, anchor));
    }
    long start = System.nanoTime();
    for (int i = 0; i < blockChecks; i++) {
      requireAnchored(FabricBlockCheck.check(block, anchor));
    }
    double micros = (System.nanoTime() - start) / 1e3 / blockChecks;
    return new LedgerBenchmark.Figure(
        "Fabric block BFT check",
        micros,
        "µs/block",
        "4 consenters, 4 signatures, 10 x 3 kB envelopes, after 200 warm-up checks");
  }

  private static void requireAnchored(ProofVerdict verdict) {
    if (!(verdict instanceof ProofVerdict.Anchored)) {
      throw new IllegalStateException("the benchmark block was refused: " + verdict);
    }
  }
}
