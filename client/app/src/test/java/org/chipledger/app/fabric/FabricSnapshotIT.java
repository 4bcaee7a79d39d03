package org.chipledger.app.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chipledger.agent.AgentLimits;
import org.chipledger.agent.Faults;
import org.chipledger.agent.SnapshotAgent;
import org.chipledger.app.inspection.AgentProofs;
import org.chipledger.app.inspection.LogChecker;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.LocalNetwork;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.firmware.AgentAddress;
import org.chipledger.firmware.AgentLink;
import org.chipledger.firmware.ChipIdentity;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.FabricTrust;
import org.chipledger.firmware.Firmware;
import org.chipledger.firmware.LedgerTrust;
import org.chipledger.firmware.NvramLog;
import org.chipledger.firmware.SnapshotOutcome;
import org.chipledger.firmware.StepPermit;
import org.chipledger.firmware.WeightSource;
import org.chipledger.proto.ledger.v1.LogCheckReport;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot pipeline on the real network: emulated chips, the agent over mTLS, SnapshotContract
 * endorsed by a MAJORITY of orgs, and the inspector's check against the peers' state.
 */
@Tag("fabric")
class FabricSnapshotIT {
  private static final String SITE = "fabric-snap";
  private static final long SEED = 42;

  @TempDir static Path dir;
  private static FabricCast cast;
  private static Fleet fleet;

  @BeforeAll
  static void fleetOnTheNetwork() {
    LocalNetwork.freshUp();
    cast = FabricCast.create(FabricNetwork.open(LocalNetwork.GATEWAY), dir.resolve("identities"));
    Founding.found(cast, Founding.policy());
    fleet =
        Fleet.deploy(
            cast.as("fab-us"),
            cast.as("dc-us"),
            "dc-us",
            SITE,
            "US",
            "SN-FAB",
            SEED,
            3,
            0,
            n -> {});
  }

  @AfterAll
  static void purge() {
    try {
      if (cast != null) {
        cast.close();
      }
    } finally {
      LocalNetwork.purge("FabricSnapshotIT");
    }
  }

  @Test
  void chipsSnapshotsAreCommittedOnFabricAnchoredByTheOrderersSignaturesAndAllFoundByTheInspector()
      throws Exception {
    CertificateAuthority tlsCa = CertificateAuthority.create("SnapTLS", "snap-tls-ca");
    LinkSecurity.TlsFiles agentTls =
        LinkSecurity.TlsFiles.write(
            tlsCa.issueTls("snapshot-agent", List.of("127.0.0.1")),
            tlsCa.certificatePem(),
            dir.resolve("tls/agent"));
    try (SnapshotAgent agent =
        SnapshotAgent.start(
            new SnapshotAgent.Config(
                SITE,
                "dc-us",
                new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(),
                dir.resolve("agent"),
                Duration.ofHours(1),
                agentTls,
                Faults.NONE,
                AgentLimits.DEFAULTS,
                Optional.empty()),
            cast.as("dc-us"))) {
      // Each chip trusts the channel's genesis block: its consenters and its peer orgs' CAs.
      LedgerTrust trust =
          new LedgerTrust(
              FabricTrust.fromConfigBlock(
                  Block.parseFrom(Files.readAllBytes(LocalNetwork.GENESIS)), "chipledger"),
              Duration.ofHours(1));
      List<Firmware> chips = new ArrayList<>();
      for (int i = 0; i < fleet.serials().size(); i++) {
        String serial = fleet.serials().get(i);
        LinkSecurity.TlsFiles chipTls =
            LinkSecurity.TlsFiles.write(
                tlsCa.issueTls(serial, List.of("127.0.0.1")),
                tlsCa.certificatePem(),
                dir.resolve("tls/" + serial));
        chips.add(
            Firmware.boot(
                new ChipIdentity(serial, "1.0.0", new ChipSigner(fleet.keys(i).getPrivate())),
                NvramLog.open(dir.resolve("nvram/" + serial + ".log")),
                WeightSource.of(new float[] {i, 1f}),
                Clock.systemUTC(),
                Optional.of(
                    AgentLink.connect(
                        new AgentAddress("127.0.0.1", agent.port()),
                        chipTls,
                        AckSignatures.publicKey(agentTls.certPem()),
                        Duration.ofSeconds(60))),
                Optional.empty(),
                Optional.of(trust)));
      }
      for (int round = 0; round < 2; round++) {
        for (Firmware chip : chips) {
          assertThat(chip.snapshot("fabric-run").outcome())
              .isInstanceOf(SnapshotOutcome.Acked.class);
        }
      }
      for (Firmware chip : chips) {
        // Acknowledged by the agent, but no block holds them yet: nothing is delivered.
        assertThat(chip.unanchored()).isEqualTo(2);
        assertThat(chip.anchor()).isZero();
      }
      agent.flush();
      assertThat(agent.metrics().recordsCommittedTotal()).isEqualTo(6);
      for (Firmware chip : chips) {
        // The agent passes on the block the orderers signed; the chip checks it itself.
        assertThat(chip.anchor()).isEqualTo(2);
        assertThat(chip.unanchored()).isZero();
        assertThat(chip.refusedProofs()).isZero();
        assertThat(chip.stepPermit()).isEqualTo(new StepPermit.Proceed());
      }

      LedgerClient inspector = cast.as("inspectorate");
      String first = fleet.serials().get(0);
      assertThat(inspector.chipHead(first).getCounter()).isEqualTo(2);
      assertThat(inspector.run("fabric-run").getActivity().getSnapshotCount()).isEqualTo(6);
      try (AgentProofs proofs =
          new AgentProofs(
              "127.0.0.1", agent.port(), LinkSecurity.TlsFiles.in(dir.resolve("tls/" + first)))) {
        LogCheckReport report =
            new LogChecker(inspector, proofs, Duration.ofHours(1))
                .check(dir.resolve("nvram/" + first + ".log"), Instant.now());
        assertThat(report.getClean()).as(report.toString()).isTrue();
        assertThat(report.getCommitted()).isEqualTo(2);
      }
      for (Firmware chip : chips) {
        chip.close();
      }
    }
  }

  @Test
  void theChaincodeRefusesAForgedRecordWithItsCode() {
    String serial = fleet.serials().get(2);
    SnapshotRecord record =
        SnapshotRecord.newBuilder()
            .setChipSerial(serial)
            .setCounter(1)
            .setChipTime(Timestamp.newBuilder().setSeconds(1_800_000_000L))
            .setWeightHash(ByteString.copyFrom(new byte[32]))
            .setPrevRecordHash(SnapshotRules.GENESIS)
            .build();
    // Signed by another chip's key.
    SignedSnapshotRecord forged =
        SignedSnapshotRecord.newBuilder()
            .setRecord(record.toByteString())
            .setSignature(
                ByteString.copyFrom(
                    new ChipSigner(fleet.keys(0).getPrivate()).sign(record.toByteArray())))
            .build();
    assertThatThrownBy(
            () ->
                cast.as("dc-us")
                    .submitSnapshotBatch(
                        SubmitSnapshotBatchRequest.newBuilder()
                            .setSiteId(SITE)
                            .setBatchSeq(1_000)
                            .addRecords(forged)
                            .build()))
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_SIGNATURE_INVALID));
  }
}
