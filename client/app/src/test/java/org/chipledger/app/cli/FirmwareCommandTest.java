package org.chipledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.firmware.NvramLog;
import org.chipledger.firmware.ScriptedAgent;
import org.chipledger.firmware.TestChip;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chipledger firmware run} and {@code firmware log} as a person or a script calls them. */
class FirmwareCommandTest {
  @TempDir Path dir;
  private Path nvram;
  private Path weights;
  private Path key;

  @BeforeEach
  void setUp() throws Exception {
    TestChip chip = new TestChip(dir.resolve("keys"), "CHIP-9");
    key = chip.keyFile;
    nvram = dir.resolve("CHIP-9.nvram");
    weights = dir.resolve("w.f32");
    ByteBuffer raw = ByteBuffer.allocate(4 * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(new float[] {1f, 2f, 3f, 4f});
    Files.write(weights, raw.array());
  }

  @Test
  void anAirGappedRunPrintsEachSnapshotAndTheLogCommandShowsThemWithTheDigest() throws Exception {
    Result run = cli(chipArgs("--air-gapped", "--count", "3"));
    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).filteredOn(l -> l.startsWith("snapshot ")).hasSize(3);
    assertThat(lines.get(1)).matches("snapshot 1  [0-9a-f]{12}  air-gapped");
    assertThat(lines.get(lines.size() - 1))
        .startsWith("3 snapshots: 0 acked, 0 NVRAM-only, 0 rejected, 3 air-gapped; head 3");

    Result table = cli("firmware", "log", "--nvram", nvram.toString());
    assertThat(table.out()).contains("counter", "CHIP-9", "3 entries");
    String digest = HexFormat.of().formatHex(NvramLog.digest(nvram));
    assertThat(table.out()).contains("digest: " + digest);

    Result json = cli("--output", "json", "firmware", "log", "--nvram", nvram.toString());
    JSONObject log = new JSONObject(json.out().strip());
    assertThat(log.getString("digest")).isEqualTo(digest);
    assertThat(log.getJSONArray("entries").length()).isEqualTo(3);
    assertThat(log.getJSONArray("entries").getJSONObject(2).getString("record_hash"))
        .isEqualTo(
            HexFormat.of().formatHex(NvramLog.read(nvram).get(2).recordHash().toByteArray()));
  }

  @Test
  void aRunAgainstAnAgentPrintsAckedLinesAndAJsonSummary() throws Exception {
    ScriptedAgent agent = new ScriptedAgent();
    List<String> lines = runAgainst(agent, agentKeyFile(agent));
    assertThat(new JSONObject(lines.get(0)).getString("outcome")).isEqualTo("acked");
    JSONObject summary = new JSONObject(lines.get(2)).getJSONObject("summary");
    assertThat(summary.getLong("acked")).isEqualTo(2);
    assertThat(summary.getLong("unacknowledged")).isZero();
    assertThat(summary.getLong("refused_acks")).isZero();
    assertThat(agent.receivedCounters()).containsExactly(1L, 2L);
  }

  @Test
  void aFakeAgentSigningWithAnotherKeyGetsEveryAckRefusedAndTheRecordsStayInNvram()
      throws Exception {
    ScriptedAgent genuine = new ScriptedAgent();
    ScriptedAgent fake = new ScriptedAgent();
    List<String> lines = runAgainst(fake, agentKeyFile(genuine));
    assertThat(new JSONObject(lines.get(0)).getString("outcome")).isEqualTo("nvram-only");
    JSONObject summary = new JSONObject(lines.get(2)).getJSONObject("summary");
    assertThat(summary.getLong("acked")).isZero();
    assertThat(summary.getLong("refused_acks")).isEqualTo(2);
    assertThat(summary.getLong("unacknowledged")).isEqualTo(2);
    // The second snapshot resent record 1 first; it was refused again.
    assertThat(fake.receivedCounters()).containsExactly(1L, 1L);
  }

  /**
   * Issue 16 item 3 through the CLI: with the ledger's anchor installed, an agent that acks (with
   * the right key) but shows no commit proof leaves both records unanchored; without the anchor the
   * same acks were delivery.
   */
  @Test
  void withALedgerAnchorAnAgentsAcksAloneAnchorNothing() throws Exception {
    Path tip = dir.resolve("tip.json");
    Files.writeString(
        tip,
        com.google.protobuf.util.JsonFormat.printer()
            .print(
                org.chipledger.proto.ledger.v1.ChainAnchor.newBuilder()
                    .setNodeKey(
                        com.google.protobuf.ByteString.copyFrom(
                            new org.chipledger.client.identity.ChipKeys()
                                .generate()
                                .getPublic()
                                .getEncoded()))
                    .build()));
    ScriptedAgent agent = new ScriptedAgent();
    List<String> lines = runAgainst(agent, agentKeyFile(agent), "--ledger-anchor", tip.toString());
    assertThat(new JSONObject(lines.get(2)).getJSONObject("summary").getLong("acked")).isEqualTo(2);
    JSONObject anchored = new JSONObject(lines.get(3)).getJSONObject("anchored");
    assertThat(anchored.getLong("anchored_through")).isZero();
    assertThat(anchored.getLong("unanchored")).isEqualTo(2);

    Path junk = dir.resolve("junk.block");
    Files.write(junk, new byte[] {0x0a, 0x7f, 1, 2});
    Result refused =
        cli(chipArgs("--air-gapped", "--count", "1", "--ledger-anchor", junk.toString()));
    assertThat(refused.code()).isEqualTo(ErrorCode.MALFORMED_ARGUMENT.number());
    assertThat(refused.err()).contains("neither an embedded tip file nor a Fabric configuration");
  }

  /** Runs two snapshots against {@code agent} with {@code agentKey}; the JSON lines printed. */
  private List<String> runAgainst(ScriptedAgent agent, Path agentKey, String... extra)
      throws Exception {
    Server server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                InsecureServerCredentials.create())
            .addService(agent)
            .build()
            .start();
    try {
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "--agent",
                  "127.0.0.1:" + server.getPort(),
                  "--agent-key",
                  agentKey.toString(),
                  "--plaintext",
                  "--count",
                  "2"));
      args.addAll(List.of(extra));
      Result run = cli(prepend(chipArgs(args.toArray(String[]::new)), "--output", "json"));
      assertThat(run.code()).as(run.err()).isZero();
      List<String> lines = run.out().lines().toList();
      // Two snapshot lines, the summary, and the anchored line when an anchor is installed.
      assertThat(lines).hasSize(extra.length > 0 ? 4 : 3);
      return lines;
    } finally {
      server.shutdownNow();
    }
  }

  private Path agentKeyFile(ScriptedAgent agent) throws Exception {
    Path file = dir.resolve("agent-ack-" + System.identityHashCode(agent) + ".pem");
    Files.writeString(file, AckSignatures.publicKeyPem(agent.ackKey()));
    return file;
  }

  @Test
  void contradictoryOrIncompleteLinkOptionsAreUsageErrors() throws Exception {
    assertThat(cli(chipArgs("--air-gapped", "--agent", "127.0.0.1:1", "--count", "1")).code())
        .isEqualTo(2);
    Result noTls = cli(chipArgs("--agent", "127.0.0.1:1", "--count", "1"));
    assertThat(noTls.code()).isEqualTo(2);
    assertThat(noTls.err()).contains("--tls-ca");
    Result noKey = cli(chipArgs("--agent", "127.0.0.1:1", "--plaintext", "--count", "1"));
    assertThat(noKey.code()).isEqualTo(2);
    assertThat(noKey.err()).contains("--agent-key");
    Path notAKey = dir.resolve("not-a-key.pem");
    Files.writeString(notAKey, "hello\n");
    Result badKey =
        cli(
            chipArgs(
                "--agent",
                "127.0.0.1:1",
                "--agent-key",
                notAKey.toString(),
                "--plaintext",
                "--count",
                "1"));
    assertThat(badKey.code()).isEqualTo(2);
    assertThat(badKey.err()).contains("--agent-key");

    assertThat(cli(chipArgs("--air-gapped")).code()).as("no --count or --duration").isEqualTo(2);
    assertThat(Files.exists(nvram)).as("nothing was snapshotted").isFalse();
  }

  /**
   * Issue 16 item 2: the operator once chose the schedule's seed (--seed, default 1) and so knew
   * every snapshot time. The option is gone; nothing the command prints or leaves on disk gives the
   * schedule key, and two runs of the same chip draw different times.
   */
  @Test
  void theOperatorCanNoLongerSeedTheScheduleOrReadItsKey() throws Exception {
    Result seeded = cli(chipArgs("--air-gapped", "--count", "1", "--seed", "1"));
    assertThat(seeded.code()).isEqualTo(2);
    assertThat(seeded.err()).contains("--seed");
    Result run = cli(chipArgs("--air-gapped", "--count", "2"));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("sealed schedule key");
    Path sealed = org.chipledger.firmware.SecretSchedule.fileFor(nvram);
    assertThat(Files.size(sealed)).isEqualTo(8 + 12 + 32 + 16);
    assertThat(new String(Files.readAllBytes(sealed), java.nio.charset.StandardCharsets.ISO_8859_1))
        .startsWith("CLSCHED1");
  }

  private String[] chipArgs(String... extra) {
    String[] base = {
      "firmware", "run",
      "--serial", "CHIP-9",
      "--key", key.toString(),
      "--nvram", nvram.toString(),
      "--weights", weights.toString(),
      "--run-id", "run-x",
      "--rate-per-day", "1000000",
      "--accelerate", "1000000",
      "--ack-timeout-ms", "5000"
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  private static String[] prepend(String[] args, String... first) {
    String[] all = new String[args.length + first.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(args, 0, all, first.length, args.length);
    return all;
  }

  private record Result(int code, String out, String err) {}

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ChipLedgerCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
