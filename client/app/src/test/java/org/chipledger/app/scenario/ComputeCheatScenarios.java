package org.chipledger.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chipledger.app.cli.CliRun;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's compute cheats through the CLI on the ledger the whole demo leaves behind (custody and
 * compute chapters): a run declared after training, a run id taken from its declarer, a run above H
 * without approval, and a threshold moved under started runs. Every refusal exits with its stable
 * code and changes nothing (checked last). A subclass per backend says how to reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ComputeCheatScenarios {
  private static final String HONEST_RUN = "nl-vision-1";
  private static final String SPOOFED_RUN = "us-frontier-1";

  private Path demoDir;
  private String digest;

  /** Makes the backend ready for a demo on a new ledger. */
  protected abstract void startBackend();

  /** Releases the backend after the suite. */
  protected abstract void stopBackend();

  /** Global options that select the backend, e.g. {@code --ledger fabric}. */
  protected abstract List<String> backendOptions();

  /**
   * Plays the demo the suite reads, into a directory under {@code dir}; suites that share a backend
   * may return one demo played once.
   */
  protected PlayedDemo playDemo(Path dir) {
    return PlayedDemo.whole(backendOptions(), dir.resolve("demo"));
  }

  @BeforeAll
  void playTheWholeDemo(@TempDir Path dir) {
    startBackend();
    demoDir = playDemo(dir).dir();
    digest = ok("--identity", "inspectorate", "query", "digest").strip();
  }

  @AfterAll
  void stop() {
    stopBackend();
  }

  @Test
  @Order(1)
  void attackARunDeclaredAfterItsTrainingStaysUndeclared() {
    // Before issue 17 the spoofer's declaration after training made its run "declared".
    assertThat(ok("--identity", "inspectorate", "query", "compliance", SPOOFED_RUN))
        .contains("FLAG_REASON_UNDECLARED_RUN")
        .contains("before its declaration");
  }

  @Test
  @Order(2)
  void aRunDeclaredBeforeTrainingWithItsChipsRunStartsIsClean() {
    String honest = ok("--identity", "inspectorate", "query", "compliance", HONEST_RUN);
    assertThat(honest).doesNotContain("FLAG_REASON_").contains("busy");
    assertThat(ok("--identity", "inspectorate", "query", "run", HONEST_RUN))
        .contains("init_seed_commitment");
  }

  @Test
  @Order(3)
  void attackAnotherOperatorCannotTakeADeclaredRunId() {
    refused(
        ErrorCode.RUN_ID_TAKEN,
        "--identity dc-nl datacenter apply-approval --run-id "
            + SPOOFED_RUN
            + " --site-id ams-1 --flop 1e26 --chips 8");
  }

  @Test
  @Order(4)
  void theSecretariatApprovesARunAboveHOnceAndOnlyTheSecretariatMay() {
    ok(
        split(
            "--identity dc-nl datacenter apply-approval --run-id nl-big-1 --site-id ams-1"
                + " --flop 5e25 --chips 8 --purpose frontier"));
    refused(
        ErrorCode.APPROVAL_EXISTS,
        "--identity dc-nl datacenter apply-approval --run-id nl-big-1 --site-id ams-1"
            + " --flop 1e26 --chips 8");
    refused(
        ErrorCode.UNAUTHORIZED_ROLE,
        "--identity dc-nl admin decide-approval --run-id nl-big-1 --approve --max-flop 1e30"
            + " --max-chips 8 --deadline 2099-12-31");
    ok(
        split(
            "--identity treaty admin decide-approval --run-id nl-big-1 --approve --max-flop 5e25"
                + " --max-chips 8 --deadline 2099-12-31 --conditions auditor-access"));
    refused(
        ErrorCode.APPROVAL_DECIDED,
        "--identity treaty admin decide-approval --run-id nl-big-1 --refuse");
    refused(ErrorCode.APPROVAL_NOT_FOUND, "--identity inspectorate query approval nl-none-1");
    assertThat(ok("--identity", "inspectorate", "query", "approval", "nl-big-1"))
        .contains("APPROVAL_STATE_APPROVED")
        .contains("auditor-access");
  }

  @Test
  @Order(5)
  void attackMovingTheThresholdUnderStartedRunsIsRefused() {
    refused(
        ErrorCode.INVALID_POLICY,
        "--identity treaty admin set-policy --inspection-H 1e24 --threshold-step 2020-01-01=1e30");
  }

  @Test
  @Order(6)
  void aFutureStepOfTheScheduleIsShownByThePlan() {
    ok(
        split(
            "--identity treaty admin set-policy --inspection-H 1e24"
                + " --threshold-step 2099-01-01=1e27"));
    assertThat(ok("--identity", "inspectorate", "inspect", "plan", "--owner", "dc-nl"))
        .contains("H schedule: from 2099-01-01 H = 1.00e+27 FLOP");
    refused(
        ErrorCode.INVALID_POLICY,
        "--identity treaty admin set-policy --inspection-H 1e24 --threshold-step 2099-01-01=0");
  }

  @Test
  @Order(7)
  void attackAnotherRunCannotDeclareAManifestHashAlreadyDeclared() {
    // Issue 20: before, a copied transcript could be declared again as a second run's own.
    String json = ok("--identity", "inspectorate", "--output", "json", "query", "run", HONEST_RUN);
    java.util.regex.Matcher hash =
        java.util.regex.Pattern.compile("\"manifest_hash\":\\s*\"([^\"]+)\"").matcher(json);
    java.util.regex.Matcher chip =
        java.util.regex.Pattern.compile("\"chip_serials\":\\s*\\[\\s*\"([^\"]+)\"").matcher(json);
    assertThat(hash.find()).as(json).isTrue();
    assertThat(chip.find()).as(json).isTrue();
    String hex =
        java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(hash.group(1)));

    refused(
        ErrorCode.MANIFEST_ALREADY_DECLARED,
        "--identity dc-nl datacenter declare-run --run-id nl-copy-1 --site-id ams-1 --flop 1e20"
            + " --manifest-hash "
            + hex
            + " --data-commitment "
            + "00".repeat(32)
            + " --init-seed-commitment "
            + "00".repeat(32)
            + " --serials "
            + chip.group(1));
    refused(ErrorCode.RUN_NOT_FOUND, "--identity inspectorate query run nl-copy-1");
  }

  @Test
  @Order(8)
  void theChipsThatTrainedSignWithKeysTheFabMadeInTheToken() {
    // Issue 16 item 5: before, every demo chip's key was SHA-256(seed, n), which anyone can derive.
    for (String runId : List.of(HONEST_RUN, SPOOFED_RUN)) {
      String run = ok("--identity", "inspectorate", "--output", "json", "query", "run", runId);
      java.util.regex.Matcher serials =
          java.util.regex.Pattern.compile("\"chip_serials\":\\s*\\[([^\\]]*)\\]").matcher(run);
      assertThat(serials.find()).as(run).isTrue();
      List<String> chips =
          Arrays.stream(serials.group(1).split(",")).map(c -> c.strip().replace("\"", "")).toList();
      assertThat(chips).as(runId).hasSize(8);
      for (String chip : chips) {
        assertThat(ok("--identity", "inspectorate", "--output", "json", "query", "chip", chip))
            .as(chip)
            .contains("\"key_origin\":\"CHIP_KEY_ORIGIN_TOKEN\"");
      }
    }
    // A chip that only moves through custody keeps a derived key, and says so.
    assertThat(
            ok("--identity", "inspectorate", "--output", "json", "query", "chip", "US-B200-005001"))
        .contains("\"key_origin\":\"CHIP_KEY_ORIGIN_DERIVED\"");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void theRefusalsChangedNoCustody() {
    assertThat(ok("--identity", "inspectorate", "query", "digest").strip()).isEqualTo(digest);
  }

  private void refused(ErrorCode code, String command) {
    CliRun run = run(split(command));
    assertThat(run.exit()).as(command + ": " + run.err()).isEqualTo(code.number());
    assertThat(run.err()).contains(code.name() + ": ");
  }

  private static String[] split(String command) {
    return command.split(" ");
  }

  private CliRun run(String... args) {
    List<String> full = new ArrayList<>(backendOptions());
    full.addAll(List.of("--data-dir", demoDir.toString()));
    full.addAll(Arrays.asList(args));
    return CliRun.of(full);
  }

  private String ok(String... args) {
    CliRun run = run(args);
    assertThat(run.exit()).as("%s: %s", List.of(args), run.err()).isZero();
    return run.out();
  }
}
