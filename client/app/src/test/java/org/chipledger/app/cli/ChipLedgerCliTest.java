package org.chipledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end on an embedded ledger: each role's commands, JSON output and exit codes. */
class ChipLedgerCliTest {
  @TempDir static Path dir;

  private static CliRun cli(String... args) {
    return cliIn(dir, args);
  }

  private static CliRun cliIn(Path dataDir, String... args) {
    List<String> full = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
    full.addAll(List.of(args));
    return CliRun.of(full);
  }

  private static CliRun ok(String... args) {
    CliRun run = cli(args);
    assertThat(run.exit()).as(run.err()).isZero();
    return run;
  }

  @BeforeAll
  static void createLedgerWithAFabAndADatacenter() {
    ok("admin", "init", "--org", "treaty", "--msp", "TreatyMSP", "--country", "NL");
    ok("identity", "create-ca", "--msp", "TWMSP");
    ok(
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
    ok(
        "identity",
        "issue",
        "--msp",
        "TWMSP",
        "--name",
        "dc-tw",
        "--org",
        "dc-tw",
        "--role",
        "datacenter",
        "--country",
        "TW");
    ok(
        "--identity",
        "treaty",
        "admin",
        "register-org",
        "--org-id",
        "fab-tw",
        "--msp",
        "TWMSP",
        "--name",
        "Fab",
        "--country",
        "TW",
        "--role",
        "fab");
    ok(
        "--identity",
        "treaty",
        "admin",
        "register-org",
        "--org-id",
        "dc-tw",
        "--msp",
        "TWMSP",
        "--name",
        "DC",
        "--country",
        "TW",
        "--role",
        "datacenter");
    ok(
        "--identity",
        "treaty",
        "model",
        "register",
        "--model",
        "H100",
        "--tpp",
        "15832",
        "--peak-flops",
        "1e15");
    ok(
        "--identity",
        "fab-tw",
        "fab",
        "register",
        "--lot-id",
        "L",
        "--count",
        "1500",
        "--model",
        "H100",
        "--tpp",
        "15832",
        "--keys-dir",
        dir.resolve("keys").toString());
  }

  @Test
  void fabRegistersLotsOfAtMostOneThousandWithKeysForTheChips() {
    CliRun chip = ok("--identity", "dc-tw", "--output", "json", "query", "chip", "L-001500");
    assertThat(chip.out())
        .contains("\"serial\":\"L-001500\"", "\"lot_id\":\"L-02\"", "\"controlled\":true");
    assertThat(dir.resolve("keys/L-000001.pem"))
        .content()
        .startsWith("-----BEGIN PRIVATE KEY-----");
    CliRun production = ok("--identity", "dc-tw", "query", "production");
    assertThat(production.out()).contains("fab-tw", "1,500");
  }

  @Test
  void aCountThatOverflowsTheLotArithmeticIsAUsageErrorAndRegistersNothing() {
    for (String count : new String[] {"2147483647", "2147483000"}) {
      CliRun run =
          cli(
              "--identity",
              "fab-tw",
              "fab",
              "register",
              "--lot-id",
              "HUGE",
              "--count",
              count,
              "--model",
              "H100",
              "--tpp",
              "1");
      assertThat(run.exit()).as(count + ": " + run.out() + run.err()).isEqualTo(2);
      assertThat(run.err()).contains("--count");
    }
    CliRun lot = cli("--identity", "dc-tw", "query", "chip", "HUGE-000001");
    assertThat(lot.exit()).as(lot.out()).isNotZero();
  }

  @Test
  void theSnapshotAgentRefusesPlaintextOffLoopbackAndPlaintextWithoutAnAckKey() {
    String ackKey = dir.resolve("keys/L-000001.pem").toString();
    CliRun routable =
        cli(
            "--identity",
            "dc-tw",
            "snapshot-agent",
            "serve",
            "--site-id",
            "tw-1",
            "--listen",
            "0.0.0.0:0",
            "--metrics",
            "none",
            "--plaintext",
            "--ack-key",
            ackKey);
    assertThat(routable.exit()).as(routable.err()).isEqualTo(2);
    assertThat(routable.err()).contains("--plaintext listens on loopback only", "0.0.0.0:0");

    CliRun unsigned =
        cli(
            "--identity",
            "dc-tw",
            "snapshot-agent",
            "serve",
            "--site-id",
            "tw-1",
            "--listen",
            "127.0.0.1:0",
            "--metrics",
            "none",
            "--plaintext");
    assertThat(unsigned.exit()).as(unsigned.err()).isEqualTo(2);
    assertThat(unsigned.err()).contains("--plaintext needs --ack-key");
  }

  @Test
  void holdersTransferAndDeployThroughTheirRoleCommands() {
    ok(
        "--identity",
        "fab-tw",
        "custody",
        "propose",
        "--transfer-id",
        "T1",
        "--to",
        "dc-tw",
        "--serials",
        "L-000001,L-000002");
    ok("--identity", "dc-tw", "custody", "accept", "--transfer-id", "T1");
    ok(
        "--identity",
        "dc-tw",
        "datacenter",
        "register-site",
        "--site-id",
        "tpe-1",
        "--country",
        "TW");
    ok(
        "--identity",
        "dc-tw",
        "datacenter",
        "deploy",
        "--site-id",
        "tpe-1",
        "--cluster-id",
        "c1",
        "--serials",
        "L-000001");
    CliRun chips = ok("--identity", "dc-tw", "query", "chips", "--holder", "dc-tw");
    assertThat(chips.out()).contains("L-000001", "deployed", "tpe-1", "L-000002", "active");
    CliRun history = ok("--identity", "dc-tw", "query", "history", "L-000001");
    assertThat(
            history.out().lines().filter(l -> l.contains("fab-tw") || l.contains("dc-tw")).count())
        .isEqualTo(4);
  }

  @Test
  void rejectionsExitWithTheirStableCodeAndChangeNothing() {
    String before = ok("--identity", "fab-tw", "query", "digest").out();
    CliRun wrongRole =
        cli(
            "--identity",
            "dc-tw",
            "fab",
            "register",
            "--lot-id",
            "X",
            "--count",
            "1",
            "--model",
            "H100",
            "--tpp",
            "1");
    assertThat(wrongRole.exit()).isEqualTo(ErrorCode.UNAUTHORIZED_ROLE.number());
    assertThat(wrongRole.err()).contains("UNAUTHORIZED_ROLE: ", "Solution: ");
    CliRun unknownChip = cli("--identity", "dc-tw", "query", "chip", "NOPE");
    assertThat(unknownChip.exit()).isEqualTo(ErrorCode.CHIP_NOT_FOUND.number());
    CliRun notHolder =
        cli("--identity", "dc-tw", "custody", "report", "--kind", "lost", "--serials", "L-001000");
    assertThat(notHolder.exit()).isEqualTo(ErrorCode.NOT_HOLDER.number());
    CliRun badKind =
        cli(
            "--identity",
            "fab-tw",
            "custody",
            "report",
            "--kind",
            "misplaced",
            "--serials",
            "L-001000");
    assertThat(badKind.exit()).isEqualTo(ErrorCode.MALFORMED_ARGUMENT.number());
    assertThat(ok("--identity", "fab-tw", "query", "digest").out()).isEqualTo(before);
  }

  @Test
  void usageErrorsAndMissingSetupAreReportedClearly() {
    assertThat(cli("--identity", "fab-tw", "query", "chips").exit()).isEqualTo(2);
    assertThat(cli("--output", "yaml", "query", "counts").exit()).isEqualTo(2);
    CliRun nobody = cli("--identity", "ghost", "query", "counts");
    assertThat(nobody.exit()).isEqualTo(ErrorCode.UNTRUSTED_IDENTITY.number());
    CliRun noLedger = cliIn(dir.resolve("empty"), "--identity", "x", "admin", "verify");
    assertThat(noLedger.exit()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE.number());
  }

  @Test
  void verifyReChecksTheWholeBlockLog() {
    CliRun verify = ok("admin", "verify");
    assertThat(verify.out()).contains("true");
  }
}
