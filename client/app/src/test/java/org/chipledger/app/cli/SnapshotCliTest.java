package org.chipledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chipledger.agent.SnapshotWorld;
import org.chipledger.app.inspection.InspectCommand;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot pipeline through the CLI: the agent as its own process, a chip's firmware, the
 * inspector's check, and the run and head queries.
 */
class SnapshotCliTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+), metrics on port (\\d+)");

  @TempDir Path dir;

  private CliRun cli(String... args) {
    List<String> full = new ArrayList<>(List.of("--data-dir", dir.toString()));
    full.addAll(List.of(args));
    return CliRun.of(full);
  }

  /** {@code firmware run} of chip {@code serial} for {@code count} snapshots, plus {@code link}. */
  private CliRun firmware(String serial, int count, String... link) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "firmware",
                "run",
                "--serial",
                serial,
                "--key",
                dir.resolve("chip-keys/" + serial + ".pem").toString(),
                "--nvram",
                dir.resolve("chip.nvram").toString(),
                "--weights",
                writeWeights().toString(),
                "--count",
                Integer.toString(count),
                "--rate-per-day",
                "86400000",
                "--accelerate",
                "1"));
    args.addAll(List.of(link));
    return cli(args.toArray(String[]::new));
  }

  @Test
  void aChipsSnapshotsGoThroughTheAgentToTheLedgerAndTheInspectorFindsThemAll() throws Exception {
    SnapshotWorld world = SnapshotWorld.create(dir, 1);
    String serial = world.deployed.get(0);
    String hash = "ab".repeat(32);
    CliRun declared =
        cli(
            "--identity",
            "DcUSMSP/dc-us",
            "datacenter",
            "declare-run",
            "--run-id",
            "run-cli",
            "--site-id",
            SnapshotWorld.SITE,
            "--serials",
            serial,
            "--flop",
            "2e25",
            "--manifest-hash",
            hash,
            "--data-commitment",
            hash,
            "--init-seed-commitment",
            hash);
    assertThat(declared.exit()).as(declared.err()).isZero();

    Process agent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ChipLedgerCli.class.getName(),
                "--data-dir",
                dir.toString(),
                "--identity",
                "DcUSMSP/dc-us",
                "snapshot-agent",
                "serve",
                "--site-id",
                SnapshotWorld.SITE,
                "--listen",
                "127.0.0.1:0",
                "--metrics",
                "127.0.0.1:0",
                "--epoch",
                "1s",
                "--tls-dir",
                dir.resolve("tls/agent").toString())
            .redirectError(dir.resolve("agent.stderr").toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      Matcher listening = LISTENING.matcher(String.valueOf(first));
      assertThat(listening.find()).as("agent said: %s", first).isTrue();

      CliRun firmware =
          firmware(
              serial,
              3,
              "--agent",
              "127.0.0.1:" + listening.group(1),
              // The agent signs acks with its TLS key: the chip is given its certificate.
              "--agent-key",
              dir.resolve("tls/agent/cert.pem").toString(),
              "--tls-dir",
              dir.resolve("tls/" + serial).toString(),
              "--run-id",
              "run-cli");
      assertThat(firmware.exit()).as(firmware.err()).isZero();
      assertThat(firmware.out()).contains("3 snapshots: 3 acked, 0 NVRAM-only");

      awaitCommitted(Integer.parseInt(listening.group(2)), 3);
    } finally {
      agent.destroy(); // SIGTERM: the agent closes its store and exits
      assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    CliRun check =
        cli(
            "--identity",
            "DcUSMSP/dc-us",
            "inspect",
            "check-log",
            "--nvram",
            dir.resolve("chip.nvram").toString());
    assertThat(check.exit()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("3 committed").contains("CLEAN");

    CliRun head =
        cli("--identity", "DcUSMSP/dc-us", "--output", "json", "query", "chip-head", serial);
    assertThat(head.out()).contains("\"counter\":\"3\"");
    CliRun run = cli("--identity", "DcUSMSP/dc-us", "--output", "json", "query", "run", "run-cli");
    assertThat(run.out()).contains("\"declared\":true").contains("\"snapshot_count\":\"3\"");
    CliRun snapshots =
        cli(
            "--identity",
            "DcUSMSP/dc-us",
            "--output",
            "json",
            "query",
            "run-snapshots",
            "--run",
            "run-cli");
    assertThat(snapshots.exit()).as(snapshots.err()).isZero();
    assertThat(snapshots.out()).contains("\"counter\":\"3\"").contains(serial);

    CliRun requested =
        cli(
            "--identity",
            "inspectorate",
            "inspect",
            "request-verification",
            "--run",
            "run-cli",
            "--reason",
            "declared compute near H");
    assertThat(requested.exit()).as(requested.err()).isZero();
    assertThat(requested.out()).contains("run-cli").contains("declared compute near H");
    CliRun again =
        cli(
            "--identity",
            "inspectorate",
            "inspect",
            "request-verification",
            "--run",
            "run-cli",
            "--reason",
            "twice");
    assertThat(again.exit()).isEqualTo(ErrorCode.VERIFICATION_PENDING.number());
    CliRun noVerdict = cli("--identity", "DcUSMSP/dc-us", "query", "verdict", "--run", "run-cli");
    assertThat(noVerdict.exit()).isEqualTo(ErrorCode.VERDICT_NOT_FOUND.number());
    assertThat(noVerdict.err()).contains("VERDICT_NOT_FOUND: ");
  }

  @Test
  void anAirGappedChipsRecordsAreHiddenFromTheLedger() throws Exception {
    SnapshotWorld world = SnapshotWorld.create(dir, 1);
    String serial = world.deployed.get(0);
    CliRun firmware = firmware(serial, 2, "--air-gapped");
    assertThat(firmware.exit()).as(firmware.err()).isZero();
    CliRun check =
        cli(
            "--identity",
            "DcUSMSP/dc-us",
            "inspect",
            "check-log",
            "--nvram",
            dir.resolve("chip.nvram").toString(),
            "--grace",
            "0s");
    assertThat(check.exit()).isEqualTo(InspectCommand.VIOLATIONS);
    assertThat(check.out()).contains("HIDDEN").contains("VIOLATIONS FOUND");
  }

  private Path writeWeights() throws Exception {
    Path weights = dir.resolve("weights.f32");
    java.nio.file.Files.write(weights, new byte[4096]);
    return weights;
  }

  private static void awaitCommitted(int metricsPort, int records) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String expected = "chipledger_agent_records_committed_total " + records;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    String body = "";
    while (System.nanoTime() < deadline) {
      body =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      if (body.contains(expected)) {
        return;
      }
      Thread.sleep(200); // polling the agent's own metric, not timing anything
    }
    throw new AssertionError("the agent never committed " + records + " records:\n" + body);
  }
}
