package org.chipledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin anchor} (to a file or the Fabric channel), {@code admin verify --anchor} and {@code
 * admin rebuild-state}.
 */
class AdminRepairCliTest {
  @TempDir Path dir;

  @Test
  void anAnchoredLedgerVerifiesAndAnotherOneDoesNot() {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    init(first);
    init(second);
    Path anchor = dir.resolve("anchor.json");

    assertThat(cli(first, "admin", "anchor", "--out", anchor.toString()).exit()).isZero();
    assertThat(cli(first, "admin", "anchor", "--out", anchor.toString()).exit())
        .isEqualTo(ErrorCode.MALFORMED_ARGUMENT.number());
    CliRun verified = cli(first, "admin", "verify", "--anchor", anchor.toString());
    assertThat(verified.exit()).as(verified.err()).isZero();
    CliRun other = cli(second, "admin", "verify", "--anchor", anchor.toString());
    assertThat(other.exit()).isEqualTo(ErrorCode.ANCHOR_MISMATCH.number()).isEqualTo(96);
    assertThat(other.out()).contains("different node key");
  }

  @Test
  void aGarbledAnchorFileIsRefused() throws IOException {
    init(dir);
    Path anchor = dir.resolve("anchor.json");
    Files.writeString(anchor, "{\"height\": \"x\"}", StandardCharsets.UTF_8);

    assertThat(cli(dir, "admin", "verify", "--anchor", anchor.toString()).exit())
        .isEqualTo(ErrorCode.MALFORMED_ARGUMENT.number());
  }

  @Test
  void aLostStateStoreIsRebuilt() throws IOException {
    init(dir);
    try (Stream<Path> files = Files.walk(dir.resolve("ledger").resolve("state"))) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }

    CliRun refused = cli(dir, "admin", "verify");
    assertThat(refused.exit()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE.number()).isEqualTo(97);
    assertThat(refused.err()).contains("rebuild-state");
    CliRun rebuilt = cli(dir, "admin", "rebuild-state");
    assertThat(rebuilt.exit()).as(rebuilt.err()).isZero();
    CliRun verified = cli(dir, "admin", "verify");
    assertThat(verified.exit()).as(verified.out()).isZero();
  }

  @Test
  void anchoringOnFabricTakesTheChannelOrAFileAndNeedsTheNetwork() {
    init(dir);
    String anchor = dir.resolve("a.json").toString();
    assertThat(cli(dir, "admin", "anchor").exit()).isEqualTo(2);
    assertThat(cli(dir, "admin", "anchor", "--out", anchor, "--to-fabric").exit()).isEqualTo(2);
    assertThat(cli(dir, "admin", "anchor", "--out", anchor, "--anchor-every", "1m").exit())
        .isEqualTo(2);
    assertThat(cli(dir, "admin", "verify", "--anchor", anchor, "--anchor-from-fabric").exit())
        .isEqualTo(2);
    String gateway = dir.resolve("no-network.properties").toString();
    for (List<String> command :
        List.of(
            List.of("admin", "anchor", "--to-fabric", "--ledger-id", "embedded-nl"),
            List.of("admin", "verify", "--anchor-from-fabric"))) {
      List<String> full =
          new ArrayList<>(
              List.of("--data-dir", dir.toString(), "--identity", "treaty", "--gateway", gateway));
      full.addAll(command);
      CliRun run = CliRun.of(full);
      assertThat(run.exit()).as(run.err()).isEqualTo(ErrorCode.LEDGER_UNAVAILABLE.number());
    }
    assertThat(Files.exists(Path.of(anchor))).isFalse();
  }

  private static void init(Path dataDir) {
    CliRun run =
        cli(dataDir, "admin", "init", "--org", "treaty", "--msp", "TreatyMSP", "--country", "NL");
    assertThat(run.exit()).as(run.err()).isZero();
  }

  private static CliRun cli(Path dataDir, String... args) {
    List<String> full = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
    if (!args[1].equals("init")) {
      full.addAll(List.of("--identity", "treaty"));
    }
    full.addAll(List.of(args));
    return CliRun.of(full);
  }
}
