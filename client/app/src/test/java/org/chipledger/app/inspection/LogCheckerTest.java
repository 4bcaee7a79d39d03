package org.chipledger.app.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.chipledger.agent.ChipStream;
import org.chipledger.agent.Faults;
import org.chipledger.agent.SnapshotAgent;
import org.chipledger.agent.SnapshotWorld;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.NvramLog;
import org.chipledger.proto.ledger.v1.LogCheckReport;
import org.chipledger.proto.ledger.v1.RecordVerdict;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chip's NVRAM log against what its datacenter committed: an honest history, and each way a
 * datacenter can diverge from what its chip recorded.
 */
class LogCheckerTest {
  @TempDir Path dir;
  private SnapshotWorld world;
  private EmbeddedLedger ledger;
  private LedgerClient operator;
  private SnapshotAgent agent;
  private AgentProofs proofs;
  private ManagedChannel channel;
  private String serial;
  private ChipSigner key;

  @BeforeEach
  void start() throws Exception {
    world = SnapshotWorld.create(dir, 1);
    ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir));
    operator = SnapshotWorld.operator(dir, ledger);
    LinkSecurity.TlsFiles agentTls = LinkSecurity.TlsFiles.in(dir.resolve("tls/agent"));
    agent =
        SnapshotAgent.start(
            SnapshotWorld.config(dir, agentTls, Duration.ofHours(1), Faults.NONE), operator);
    serial = world.deployed.get(0);
    key = ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem"));
    channel = world.channel(serial, agent.port());
    proofs =
        new AgentProofs(
            "127.0.0.1", agent.port(), LinkSecurity.TlsFiles.in(dir.resolve("tls/" + serial)));
  }

  @AfterEach
  void stop() {
    proofs.close();
    channel.shutdownNow();
    agent.close();
    operator.close();
    ledger.close();
  }

  /** Records #1..#n of the chip's chain, {@code variant} changing the weights they hash. */
  private List<SignedSnapshotRecord> chain(int n, int variant) {
    ByteString prev = SnapshotRules.GENESIS;
    List<SignedSnapshotRecord> records = new java.util.ArrayList<>();
    for (int c = 1; c <= n; c++) {
      var record =
          SnapshotWorld.record(serial, c, prev, c * 60L).toBuilder()
              .setWeightHash(ByteString.copyFrom(Sha256.of(new byte[] {(byte) c, (byte) variant})))
              .setRunId("run-" + variant)
              .build();
      SignedSnapshotRecord signed = SnapshotWorld.sign(key, record);
      records.add(signed);
      prev = SnapshotRules.recordHash(signed);
    }
    return records;
  }

  private void commit(List<SignedSnapshotRecord> records) throws Exception {
    ChipStream stream = new ChipStream(channel);
    for (SignedSnapshotRecord record : records) {
      assertThat(stream.send(record).getAccepted()).isTrue();
    }
    stream.close();
    agent.flush();
  }

  private Path nvram(List<SignedSnapshotRecord> records) throws Exception {
    Path file = dir.resolve("inspected-" + records.size() + ".log");
    try (NvramLog log = NvramLog.open(file)) {
      for (SignedSnapshotRecord record : records) {
        log.append(record);
      }
    }
    return file;
  }

  private LogCheckReport check(Path nvram, ProofSource source) throws Exception {
    // Chip times are in 2023; "now" is the test's real clock, far past the grace period.
    return new LogChecker(operator, source, Duration.ofHours(1)).check(nvram, Instant.now());
  }

  private static List<RecordVerdict> verdicts(LogCheckReport report) {
    return report.getRecordsList().stream().map(r -> r.getVerdict()).toList();
  }

  @Test
  void anHonestHistoryIsCommittedWithVerifiedProofs() throws Exception {
    List<SignedSnapshotRecord> records = chain(3, 0);
    commit(records);
    LogCheckReport report = check(nvram(records), proofs);
    assertThat(report.getClean()).as(report.toString()).isTrue();
    assertThat(verdicts(report)).containsOnly(RecordVerdict.RECORD_VERDICT_COMMITTED);
    assertThat(report.getRecords(2).getBatchSeq()).isEqualTo(1);
    Path log = dir.resolve("inspected-" + records.size() + ".log");
    assertThat(report.getNvramDigest().toByteArray()).isEqualTo(NvramLog.digest(log));
    // Without the agent, the ledger's hash chain alone proves the same history.
    assertThat(check(log, ProofSource.NONE).getClean()).isTrue();
  }

  @Test
  void recordsTheDatacenterNeverCommittedAreHiddenOnceOld() throws Exception {
    List<SignedSnapshotRecord> records = chain(3, 0);
    commit(records.subList(0, 1));
    Path log = nvram(records);
    LogCheckReport report = check(log, proofs);
    assertThat(report.getClean()).isFalse();
    assertThat(verdicts(report))
        .containsExactly(
            RecordVerdict.RECORD_VERDICT_COMMITTED,
            RecordVerdict.RECORD_VERDICT_HIDDEN,
            RecordVerdict.RECORD_VERDICT_HIDDEN);
    // Within the grace period the same records are only pending.
    LogCheckReport early =
        new LogChecker(operator, proofs, Duration.ofDays(100_000)).check(log, Instant.now());
    assertThat(early.getClean()).isTrue();
    assertThat(early.getPending()).isEqualTo(2);
  }

  @Test
  void aCommittedChainThatIsNotTheChipsIsAltered() throws Exception {
    List<SignedSnapshotRecord> committed = chain(2, 0);
    commit(committed);
    List<SignedSnapshotRecord> chips = chain(2, 1);
    // The chip's own first record is the committed one; its second differs.
    List<SignedSnapshotRecord> log =
        List.of(committed.get(0), rechain(committed.get(0), chips.get(1)));
    LogCheckReport report = check(nvram(log), proofs);
    assertThat(report.getChipFindingsList()).anyMatch(f -> f.startsWith("CHAIN_DIVERGES"));
    assertThat(verdicts(report))
        .containsExactly(
            RecordVerdict.RECORD_VERDICT_COMMITTED, RecordVerdict.RECORD_VERDICT_ALTERED);
  }

  @Test
  void aLedgerAheadOfTheChipHoldsRecordsTheChipNeverMade() throws Exception {
    List<SignedSnapshotRecord> records = chain(3, 0);
    commit(records);
    LogCheckReport report = check(nvram(records.subList(0, 1)), proofs);
    assertThat(report.getClean()).isFalse();
    assertThat(report.getChipFindingsList()).anyMatch(f -> f.startsWith("LEDGER_AHEAD"));
  }

  @Test
  void anAgentThatPresentsAnotherRecordInPlaceIsCaughtReplaying() throws Exception {
    List<SignedSnapshotRecord> records = chain(2, 0);
    commit(records);
    ProofSource lying = (s, counter) -> proofs.proof(s, 1);
    LogCheckReport report = check(nvram(records), lying);
    assertThat(verdicts(report))
        .containsExactly(
            RecordVerdict.RECORD_VERDICT_COMMITTED, RecordVerdict.RECORD_VERDICT_REPLAYED);
    assertThat(report.getClean()).isFalse();
  }

  @Test
  void aRecordWithoutProofFromAnAgentThatWasAskedIsUnproven() throws Exception {
    List<SignedSnapshotRecord> records = chain(1, 0);
    commit(records);
    LogCheckReport report = check(nvram(records), (s, c) -> Optional.empty());
    assertThat(verdicts(report)).containsExactly(RecordVerdict.RECORD_VERDICT_UNPROVEN);
  }

  /** {@code second} re-signed so that it follows {@code first} in the chain. */
  private SignedSnapshotRecord rechain(SignedSnapshotRecord first, SignedSnapshotRecord second) {
    var record =
        SnapshotRules.parse(second).toBuilder()
            .setPrevRecordHash(SnapshotRules.recordHash(first))
            .build();
    return SnapshotWorld.sign(key, record);
  }
}
