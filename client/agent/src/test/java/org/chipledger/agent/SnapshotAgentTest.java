package org.chipledger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.Firmware;
import org.chipledger.firmware.SnapshotOutcome;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.snapshot.v1.InclusionProof;
import org.chipledger.proto.snapshot.v1.InclusionProofRequest;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent over real mTLS on loopback, against an embedded ledger, with emulated chips. */
class SnapshotAgentTest {
  private static final Duration LONG_EPOCH = Duration.ofHours(1);

  @TempDir Path dir;
  private SnapshotWorld world;
  private EmbeddedLedger ledger;
  private LedgerClient operator;
  private SnapshotAgent agent;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() {
    world = SnapshotWorld.create(dir, 3);
    ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir));
    operator = SnapshotWorld.operator(dir, ledger);
    agent =
        SnapshotAgent.start(
            SnapshotWorld.config(
                dir, LinkSecurity.TlsFiles.in(dir.resolve("tls/agent")), LONG_EPOCH, Faults.NONE),
            operator);
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    agent.close();
    operator.close();
    ledger.close();
  }

  @Test
  void honestChipsSnapshotsAreCommittedOnceAndProvable() throws IOException {
    List<Firmware> chips = new ArrayList<>();
    for (String serial : world.deployed) {
      chips.add(world.chip(serial, agent.port(), Duration.ofSeconds(30)));
    }
    for (int round = 0; round < 3; round++) {
      for (Firmware chip : chips) {
        assertThat(chip.snapshot("run-honest").outcome()).isInstanceOf(SnapshotOutcome.Acked.class);
      }
    }
    agent.flush();

    for (Firmware chip : chips) {
      var head = operator.chipHead(chip.serial());
      assertThat(head.getCounter()).isEqualTo(3);
      assertThat(head.getRecordHash()).isEqualTo(chip.head().recordHash());
      chip.close();
    }
    SnapshotBatch batch = operator.snapshotBatch(SnapshotWorld.SITE, 1);
    assertThat(batch.getRecordCount()).isEqualTo(9);
    assertThat(operator.lastSnapshotBatch(SnapshotWorld.SITE)).isEqualTo(1);
    assertThat(operator.run("run-honest").getActivity().getSnapshotCount()).isEqualTo(9);

    var stub = SnapshotIngestGrpc.newBlockingStub(channel(world.deployed.get(0)));
    InclusionProof proof =
        stub.getInclusionProof(
            InclusionProofRequest.newBuilder()
                .setChipSerial(world.deployed.get(0))
                .setCounter(2)
                .build());
    assertThat(proof.getCommitted()).isTrue();
    assertThat(proof.getMerkleRoot()).isEqualTo(batch.getMerkleRoot());
    List<byte[]> path = proof.getAuditPathList().stream().map(ByteString::toByteArray).toList();
    assertThat(
            MerkleTree.verify(
                proof.getSignedRecord().toByteArray(),
                proof.getLeafIndex(),
                batch.getRecordCount(),
                path,
                batch.getMerkleRoot().toByteArray()))
        .isTrue();
    assertThat(agent.metrics().recordsCommittedTotal()).isEqualTo(9);
    assertThat(agent.metrics().queueDepth()).isZero();
  }

  @Test
  void badRecordsAreRefusedWithTheirCodesAndNothingElseIsLost() throws Exception {
    String serial = world.deployed.get(0);
    ChipSigner key = ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem"));
    SignedSnapshotRecord first =
        SnapshotWorld.sign(key, SnapshotWorld.record(serial, 1, SnapshotRules.GENESIS, 100));
    ByteString h1 = SnapshotRules.recordHash(first);
    SignedSnapshotRecord second = SnapshotWorld.sign(key, SnapshotWorld.record(serial, 2, h1, 200));
    SignedSnapshotRecord third =
        SnapshotWorld.sign(
            key, SnapshotWorld.record(serial, 3, SnapshotRules.recordHash(second), 300));
    ChipSigner otherKey =
        ChipSigner.load(dir.resolve("chip-keys/" + world.deployed.get(1) + ".pem"));

    ChipStream chip = new ChipStream(channel(serial));
    assertThat(chip.send(first).getAccepted()).isTrue();
    assertThat(
            code(chip.send(SnapshotWorld.sign(otherKey, SnapshotWorld.record(serial, 2, h1, 200)))))
        .isEqualTo("SNAPSHOT_SIGNATURE_INVALID");
    assertThat(code(chip.send(first))).isEqualTo("SNAPSHOT_REPLAYED");
    assertThat(code(chip.send(third))).isEqualTo("SNAPSHOT_COUNTER_GAP");
    assertThat(code(chip.send(SnapshotWorld.sign(key, SnapshotWorld.record(serial, 2, h1, 50)))))
        .isEqualTo("SNAPSHOT_OUT_OF_ORDER");
    assertThat(
            code(
                chip.send(
                    SnapshotWorld.sign(
                        key, SnapshotWorld.record(serial, 2, SnapshotRules.GENESIS, 200)))))
        .isEqualTo("SNAPSHOT_CHAIN_BROKEN");
    assertThat(
            code(
                chip.send(
                    SignedSnapshotRecord.newBuilder()
                        .setRecord(ByteString.copyFromUtf8("\u00ff\u00ff"))
                        .build())))
        .isEqualTo("MALFORMED_ARGUMENT");
    // Reordered: 3 before 2 is a gap; 2 then 3 are fine.
    assertThat(chip.send(second).getAccepted()).isTrue();
    assertThat(chip.send(third).getAccepted()).isTrue();
    chip.close();

    ChipStream idle = new ChipStream(channel(world.idle));
    ChipSigner idleKey = ChipSigner.load(dir.resolve("chip-keys/" + world.idle + ".pem"));
    assertThat(
            code(
                idle.send(
                    SnapshotWorld.sign(
                        idleKey, SnapshotWorld.record(world.idle, 1, SnapshotRules.GENESIS, 100)))))
        .isEqualTo("CHIP_NOT_DEPLOYED_HERE");
    assertThat(
            code(
                idle.send(
                    SnapshotWorld.sign(
                        idleKey,
                        SnapshotWorld.record("SN-NOBODY", 1, SnapshotRules.GENESIS, 100)))))
        .as("a link authenticated as one chip cannot speak for another")
        .isEqualTo("IDENTITY_MISMATCH");
    idle.close();

    agent.flush();
    var head = operator.chipHead(serial);
    assertThat(head.getCounter()).isEqualTo(3);
    assertThat(operator.snapshotBatch(SnapshotWorld.SITE, 1).getRecordCount()).isEqualTo(3);
    assertThat(agent.metrics().rejectedTotal()).isEqualTo(8);
  }

  /**
   * Many chips' records pipelined on one relaying stream, checked on the agent's verifier pool: a
   * forgery before each chip's honest record is refused with its code, and the honest records
   * around it, which only pass in arrival order, are all accepted and committed.
   */
  @Test
  void forgeriesPipelinedAmongHonestRecordsAreRefusedAndTheRestKeepTheirOrder() throws Exception {
    var ca =
        new org.chipledger.client.identity.IdentityStore(SnapshotWorld.identities(dir))
            .ca(SnapshotWorld.MSP)
            .orElseThrow();
    LinkSecurity.TlsFiles.write(
        ca.issueTls("host:rack-9", List.of("127.0.0.1")),
        ca.certificatePem(),
        dir.resolve("tls/host:rack-9"));
    int perChip = 60;
    int forgedAt = 23;
    List<ChipSigner> keys = new ArrayList<>();
    for (String serial : world.deployed) {
      keys.add(ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem")));
    }
    List<ByteString> heads = new ArrayList<>();
    world.deployed.forEach(s -> heads.add(SnapshotRules.GENESIS));
    List<SignedSnapshotRecord> sent = new ArrayList<>();
    List<Boolean> forged = new ArrayList<>();
    for (int counter = 1; counter <= perChip; counter++) {
      for (int c = 0; c < world.deployed.size(); c++) {
        var record =
            SnapshotWorld.record(world.deployed.get(c), counter, heads.get(c), 100L * counter);
        if (counter == forgedAt) {
          // Signed by the next chip's key: a valid signature, by the wrong chip.
          sent.add(SnapshotWorld.sign(keys.get((c + 1) % keys.size()), record));
          forged.add(true);
        }
        SignedSnapshotRecord honest = SnapshotWorld.sign(keys.get(c), record);
        sent.add(honest);
        forged.add(false);
        heads.set(c, SnapshotRules.recordHash(honest));
      }
    }
    ChipStream host = new ChipStream(channel("host:rack-9"));
    List<SubmitAck> acks = host.sendAll(sent);
    host.close();
    for (int i = 0; i < acks.size(); i++) {
      if (forged.get(i)) {
        assertThat(code(acks.get(i))).isEqualTo("SNAPSHOT_SIGNATURE_INVALID");
      } else {
        assertThat(acks.get(i).getAccepted()).as("record %d: %s", i, acks.get(i)).isTrue();
      }
    }
    agent.flush();
    for (int c = 0; c < world.deployed.size(); c++) {
      var head = operator.chipHead(world.deployed.get(c));
      assertThat(head.getCounter()).isEqualTo(perChip);
      assertThat(head.getRecordHash()).isEqualTo(heads.get(c));
    }
    assertThat(agent.metrics().rejectedTotal()).isEqualTo(world.deployed.size());
  }

  /**
   * The embedded ledger verifies a batch's chip signatures on its pool ahead of the rules: a forged
   * record among honest ones still refuses the whole batch with its code, and nothing moves.
   */
  @Test
  void aForgedRecordInALedgerBatchIsRefusedThoughTheLedgerPrechecksSignatures() throws Exception {
    String serial = world.deployed.get(0);
    ChipSigner key = ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem"));
    ChipSigner otherKey =
        ChipSigner.load(dir.resolve("chip-keys/" + world.deployed.get(1) + ".pem"));
    List<SignedSnapshotRecord> honest = new ArrayList<>();
    List<SignedSnapshotRecord> withForgery = new ArrayList<>();
    ByteString previous = SnapshotRules.GENESIS;
    for (int counter = 1; counter <= 40; counter++) {
      var record = SnapshotWorld.record(serial, counter, previous, 100L * counter);
      SignedSnapshotRecord signed = SnapshotWorld.sign(key, record);
      honest.add(signed);
      withForgery.add(counter == 29 ? SnapshotWorld.sign(otherKey, record) : signed);
      previous = SnapshotRules.recordHash(signed);
    }
    var forged =
        org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest.newBuilder()
            .setSiteId(SnapshotWorld.SITE)
            .setBatchSeq(1)
            .setEpoch(1)
            .addAllRecords(withForgery)
            .build();
    assertThatThrownBy(() -> operator.submitSnapshotBatch(forged))
        .isInstanceOfSatisfying(
            org.chipledger.client.ledger.LedgerException.class,
            e ->
                assertThat(e.code())
                    .isEqualTo(
                        org.chipledger.chaincode.ledger.ErrorCode.SNAPSHOT_SIGNATURE_INVALID));
    assertThat(operator.chipHead(serial).getCounter()).isZero();
    operator.submitSnapshotBatch(forged.toBuilder().clearRecords().addAllRecords(honest).build());
    assertThat(operator.chipHead(serial).getCounter()).isEqualTo(40);
  }

  @Test
  void aHostCertificateRelaysManyChipsWhoseSignaturesVouchForThem() throws Exception {
    var ca =
        new org.chipledger.client.identity.IdentityStore(SnapshotWorld.identities(dir))
            .ca(SnapshotWorld.MSP)
            .orElseThrow();
    LinkSecurity.TlsFiles.write(
        ca.issueTls("host:rack-1", List.of("127.0.0.1")),
        ca.certificatePem(),
        dir.resolve("tls/host:rack-1"));
    ChipStream host = new ChipStream(channel("host:rack-1"));
    for (String serial : world.deployed) {
      ChipSigner key = ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem"));
      assertThat(
              host.send(
                      SnapshotWorld.sign(
                          key, SnapshotWorld.record(serial, 1, SnapshotRules.GENESIS, 100)))
                  .getAccepted())
          .isTrue();
    }
    host.close();
  }

  @Test
  void aRecordForAnUnregisteredChipIsRefused() throws Exception {
    // A chip the fab never registered, with a TLS identity the operator issued anyway.
    var ca =
        new org.chipledger.client.identity.IdentityStore(SnapshotWorld.identities(dir))
            .ca(SnapshotWorld.MSP)
            .orElseThrow();
    LinkSecurity.TlsFiles.write(
        ca.issueTls("SN-ROGUE", List.of("127.0.0.1")),
        ca.certificatePem(),
        dir.resolve("tls/SN-ROGUE"));
    ChipSigner key = ChipSigner.load(dir.resolve("chip-keys/" + world.idle + ".pem"));
    ChipStream rogue = new ChipStream(channel("SN-ROGUE"));
    assertThat(
            code(
                rogue.send(
                    SnapshotWorld.sign(
                        key, SnapshotWorld.record("SN-ROGUE", 1, SnapshotRules.GENESIS, 1)))))
        .isEqualTo("CHIP_NOT_FOUND");
    rogue.close();
  }

  @Test
  void garbledOrTruncatedGrpcMessagesAreRefusedOnTheSameStream() throws Exception {
    String serial = world.deployed.get(0);
    ChipSigner key = ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem"));
    SignedSnapshotRecord first =
        SnapshotWorld.sign(key, SnapshotWorld.record(serial, 1, SnapshotRules.GENESIS, 100));
    SignedSnapshotRecord second =
        SnapshotWorld.sign(
            key, SnapshotWorld.record(serial, 2, SnapshotRules.recordHash(first), 200));
    RawStream chip = new RawStream(channel(serial));
    assertThat(chip.send(first.toByteArray()).getAccepted()).isTrue();
    assertThat(code(chip.send(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f})))
        .isEqualTo("MALFORMED_ARGUMENT");
    assertThat(code(chip.send(java.util.Arrays.copyOf(second.toByteArray(), 20))))
        .isEqualTo("MALFORMED_ARGUMENT");
    assertThat(chip.send(second.toByteArray()).getAccepted()).isTrue();
    chip.close();
    agent.flush();
    assertThat(operator.chipHead(serial).getCounter()).isEqualTo(2);
  }

  @Test
  void metricsAreServedInPrometheusFormat() throws Exception {
    Firmware chip = world.chip(world.deployed.get(0), agent.port(), Duration.ofSeconds(30));
    chip.snapshot("");
    chip.close();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + agent.metricsPort().orElseThrow() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("chipledger_agent_records_accepted_total 1")
        .contains("chipledger_agent_queue_depth 1")
        .contains("# TYPE chipledger_agent_commit_lag_seconds gauge");
  }

  private ManagedChannel channel(String serial) throws IOException {
    ManagedChannel channel = world.channel(serial, agent.port());
    channels.add(channel);
    return channel;
  }

  private static String code(SubmitAck ack) {
    assertThat(ack.getAccepted()).as(ack.getDetail()).isFalse();
    return ack.getErrorCode();
  }

  /** A Submit stream that sends raw bytes as messages, to garble them on purpose. */
  private static final class RawStream {
    private final LinkedBlockingQueue<Object> replies = new LinkedBlockingQueue<>();
    private final ClientCall<byte[], byte[]> call;

    RawStream(ManagedChannel channel) {
      MethodDescriptor<byte[], byte[]> raw =
          SnapshotIngestGrpc.getSubmitMethod().toBuilder(new Bytes(), new Bytes()).build();
      call = channel.newCall(raw, CallOptions.DEFAULT);
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
              replies.add(message);
              call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              replies.add(status);
            }
          },
          new Metadata());
      call.request(1);
    }

    SubmitAck send(byte[] bytes) throws Exception {
      call.sendMessage(bytes);
      Object reply = replies.poll(60, TimeUnit.SECONDS);
      assertThat(reply).as("an ack within a minute").isInstanceOf(byte[].class);
      return SubmitAck.parseFrom((byte[]) reply);
    }

    void close() {
      call.halfClose();
    }
  }

  /** Passes bytes through unparsed. */
  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
