package org.chipledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.backend.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ledger} and {@code --gateway}: from the command line, the environment and the config
 * file, and what happens when the Fabric network is not there. Needs no Fabric.
 */
class BackendOptionsTest {
  private static final Path DEFAULT_GATEWAY =
      Path.of("network-config/run/connection/gateway.properties");

  @TempDir Path dir;

  private static GlobalOptions parse(Map<String, String> env, String... args) {
    picocli.CommandLine cli = ChipLedgerCli.commandLine(args, env);
    cli.parseArgs(args);
    return ((ChipLedgerCli) cli.getCommand()).global;
  }

  @Test
  void embeddedAndTheNetworkConfigGatewayAreTheDefaults() {
    GlobalOptions options = parse(Map.of(), "query", "counts");
    assertThat(options.ledger()).isEqualTo(Backend.EMBEDDED);
    assertThat(options.gateway()).isEqualTo(DEFAULT_GATEWAY);
  }

  @Test
  void theCommandLineChoosesFabricInAnyCaseAndAGateway() {
    GlobalOptions options =
        parse(Map.of(), "--ledger", "Fabric", "--gateway", "/net/gw.properties", "demo");
    assertThat(options.ledger()).isEqualTo(Backend.FABRIC);
    assertThat(options.gateway()).isEqualTo(Path.of("/net/gw.properties"));
  }

  @Test
  void theEnvironmentBeatsTheConfigFileAndTheCommandLineBeatsBoth() throws IOException {
    Path config = dir.resolve("chipledger.properties");
    Files.writeString(config, "ledger=fabric\ngateway=/from/file.properties\n");
    Map<String, String> env = Map.of("CHIPLEDGER_CONFIG_FILE", config.toString());

    GlobalOptions fromFile = parse(env, "query", "counts");
    assertThat(fromFile.ledger()).isEqualTo(Backend.FABRIC);
    assertThat(fromFile.gateway()).isEqualTo(Path.of("/from/file.properties"));

    GlobalOptions fromEnv =
        parse(
            Map.of(
                "CHIPLEDGER_CONFIG_FILE", config.toString(),
                "CHIPLEDGER_LEDGER", "embedded",
                "CHIPLEDGER_GATEWAY", "/from/env.properties"),
            "query",
            "counts");
    assertThat(fromEnv.ledger()).isEqualTo(Backend.EMBEDDED);
    assertThat(fromEnv.gateway()).isEqualTo(Path.of("/from/env.properties"));

    assertThat(parse(env, "--ledger", "embedded", "query", "counts").ledger())
        .isEqualTo(Backend.EMBEDDED);
  }

  @Test
  void anUnknownBackendIsAUsageError() {
    CliRun run = run(Map.of(), "--ledger", "ethereum", "query", "counts");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--ledger", "ethereum");
  }

  @Test
  void withoutTheNetworkFabricCommandsSayWhereTheyLookedForIt() {
    String dataDir = dir.resolve("node").toString();
    assertThat(
            run(Map.of(), "--data-dir", dataDir, "identity", "create-ca", "--msp", "TWMSP").exit())
        .isZero();
    CliRun issue =
        run(
            Map.of(),
            "--data-dir",
            dataDir,
            "identity",
            "issue",
            "--msp",
            "TWMSP",
            "--name",
            "fab-tw",
            "--org",
            "fab-tw",
            "--role",
            "fab",
            "--country",
            "TW");
    assertThat(issue.exit()).as(issue.err()).isZero();
    Path missing = dir.resolve("no-network/gateway.properties");

    CliRun query =
        run(
            Map.of("CHIPLEDGER_LEDGER", "fabric", "CHIPLEDGER_GATEWAY", missing.toString()),
            "--data-dir",
            dataDir,
            "--identity",
            "fab-tw",
            "query",
            "counts");

    assertThat(query.exit()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE.number());
    assertThat(query.err()).contains(missing.toString(), "network.sh");
  }

  private static CliRun run(Map<String, String> env, String... args) {
    return CliRun.of(env, List.of(args));
  }
}
