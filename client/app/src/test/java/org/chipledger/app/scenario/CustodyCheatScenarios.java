package org.chipledger.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.chipledger.app.cli.CliRun;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's custody cheats through the CLI, on the ledger {@code chipledger demo --custody-only}
 * leaves behind: each cheat that the old rules let through is now refused with its stable exit code
 * and changes nothing, or raises its flag. A subclass per backend says how to reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CustodyCheatScenarios {
  private static final Pattern DIGEST = Pattern.compile("Custody digest .*: ([0-9a-f]{64})");

  private Path demoDir;
  private Path keysDir;

  /** Makes the backend ready for a demo on a new ledger. */
  protected abstract void startBackend();

  /** Releases the backend after the suite. */
  protected abstract void stopBackend();

  /** Global options that select the backend, e.g. {@code --ledger fabric}. */
  protected abstract List<String> backendOptions();

  @BeforeAll
  void playTheCustodyDemo(@TempDir Path dir) {
    startBackend();
    demoDir = dir.resolve("demo");
    keysDir = dir.resolve("keys");
    String demo = ok("demo", "--custody-only", "--seed", "7", "--demo-dir", demoDir.toString());
    assertThat(DIGEST.matcher(demo).find()).as(demo).isTrue();
  }

  @AfterAll
  void stop() {
    stopBackend();
  }

  /** Item 5. Attack: a second Singapore customs agency releases the shipment customs-sg seized. */
  @Test
  void anotherCustomsAgencyCannotReleaseASeizure() {
    String seizedChip =
        first(
            "\"serial\"\\s*:\\s*\"([^\"]+)\"",
            ledger("customs-sg", "query", "chips", "--holder", "customs-sg"));
    String transfer =
        first(
            "\"transfer_?[iI]d\"\\s*:\\s*\"([^\"]+)\"",
            ledger("customs-sg", "query", "chip", seizedChip));
    ledger(
        "treaty",
        "admin",
        "register-org",
        "--org-id",
        "customs-sg-port",
        "--msp",
        "SGMSP",
        "--name",
        "Port of Singapore",
        "--country",
        "SG",
        "--role",
        "customs");
    ok(
        "--data-dir",
        demoDir.toString(),
        "identity",
        "issue",
        "--msp",
        "SGMSP",
        "--name",
        "customs-sg-port",
        "--org",
        "customs-sg-port",
        "--role",
        "customs",
        "--country",
        "SG");
    String before = digest();

    refused(
        ErrorCode.NOT_SEIZING_CUSTOMS,
        "SGMSP/customs-sg-port",
        "customs",
        "release",
        "--transfer-id",
        transfer);

    assertThat(digest()).isEqualTo(before);
    assertThat(ledger("customs-sg", "query", "chip", seizedChip)).containsIgnoringCase("seized");
  }

  /**
   * Item 6. Attack: a fab loses 100 chips in two reports of 50, each below the demo's threshold of
   * 100.
   */
  @Test
  void twoLossesBelowTheThresholdTriggerAnInvestigationTogether() {
    ok(
        "--data-dir",
        demoDir.toString(),
        "--identity",
        "fab-tw",
        "fab",
        "register",
        "--lot-id",
        "SPLIT",
        "--count",
        "100",
        "--model",
        "H100",
        "--tpp",
        "15832",
        "--keys-dir",
        keysDir.toString());
    String first = report(1, 50);
    String second = report(51, 100);

    assertThat(first).doesNotContainPattern("\"investigation_?[tT]riggered\"\\s*:\\s*true");
    assertThat(second).containsPattern("\"investigation_?[tT]riggered\"\\s*:\\s*true");
  }

  /** Item 5. A holder cannot report a chip found that is not its own lost or stolen chip. */
  @Test
  void aHolderCannotReportASeizedChipFound() {
    String seizedChip =
        first(
            "\"serial\"\\s*:\\s*\"([^\"]+)\"",
            ledger("customs-sg", "query", "chips", "--holder", "customs-sg"));
    String before = digest();
    refused(
        ErrorCode.NOT_HOLDER,
        "fab-us",
        "custody",
        "report",
        "--kind",
        "found",
        "--serials",
        seizedChip);
    assertThat(digest()).isEqualTo(before);
  }

  /**
   * Issue 15 §4. Attack: Arizona Fab's own CA issues an identity naming US customs, and with it the
   * fab clears its own export. With one MSP per organisation the identity belongs to the fab's MSP,
   * which is not the customs agency's.
   */
  @Test
  void aFabsCaCannotIssueItsCountrysCustomsIdentity() {
    String transfer = proposeOneGamingChip("fab-us", "OWNCA", "dc-sg");
    String fabMsp = msp("fab-us");
    issue(fabMsp, "forged-customs-us", "customs-us", "customs", "US");
    String before = digest();

    refused(
        ErrorCode.IDENTITY_MISMATCH,
        fabMsp + "/forged-customs-us",
        "customs",
        "clear-export",
        "--transfer-id",
        transfer);

    assertThat(digest()).isEqualTo(before);
    assertThat(ledger("fab-us", "query", "transfer", transfer))
        .doesNotContainPattern("\"export_?[cC]leared_?[aA]t\"");
  }

  /**
   * Issue 15 §4. Attack: a US datacenter operator's CA issues an identity naming Arizona Fab, and
   * registers chips in the fab's name.
   */
  @Test
  void anOrganisationCannotActForAnotherOfItsCountry() {
    String dcMsp = msp("dc-us");
    issue(dcMsp, "forged-fab-us", "fab-us", "fab", "US");
    String before = digest();

    refused(
        ErrorCode.IDENTITY_MISMATCH,
        dcMsp + "/forged-fab-us",
        "fab",
        "register",
        "--lot-id",
        "NOTMINE",
        "--count",
        "1",
        "--model",
        "RTX",
        "--tpp",
        "1300",
        "--keys-dir",
        keysDir.toString());

    assertThat(digest()).isEqualTo(before);
  }

  /** Registers one gaming chip as {@code fab} and proposes it to {@code to}, who accepts. */
  private String proposeOneGamingChip(String fab, String lot, String to) {
    ledger(
        fab,
        "fab",
        "register",
        "--lot-id",
        lot,
        "--count",
        "1",
        "--model",
        "RTX",
        "--tpp",
        "1300",
        "--keys-dir",
        keysDir.toString());
    String transfer = "T-" + lot;
    ledger(
        fab,
        "custody",
        "propose",
        "--transfer-id",
        transfer,
        "--to",
        to,
        "--serials",
        lot + "-000001");
    ledger(to, "custody", "accept", "--transfer-id", transfer);
    return transfer;
  }

  /** The MSP an organisation was registered with. */
  private String msp(String orgId) {
    return first("\"msp_?[iI]d\"\\s*:\\s*\"([^\"]+)\"", ledger("treaty", "query", "org", orgId));
  }

  /** Issues an identity from {@code mspId}'s CA into the demo's identity store. */
  private void issue(String mspId, String name, String org, String role, String country) {
    ok(
        "--data-dir",
        demoDir.toString(),
        "identity",
        "issue",
        "--msp",
        mspId,
        "--name",
        name,
        "--org",
        org,
        "--role",
        role,
        "--country",
        country);
  }

  private String report(int from, int to) {
    String serials =
        IntStream.rangeClosed(from, to)
            .mapToObj(i -> String.format("SPLIT-%06d", i))
            .collect(Collectors.joining(","));
    return ledger("fab-tw", "custody", "report", "--kind", "lost", "--serials", serials);
  }

  /** Runs a command as {@code identity} on the demo's ledger with JSON output; it must succeed. */
  private String ledger(String identity, String... command) {
    List<String> args =
        new ArrayList<>(
            List.of("--data-dir", demoDir.toString(), "--identity", identity, "--output", "json"));
    args.addAll(Arrays.asList(command));
    return ok(args.toArray(String[]::new));
  }

  private void refused(ErrorCode code, String identity, String... command) {
    List<String> args = new ArrayList<>(backendOptions());
    args.addAll(List.of("--data-dir", demoDir.toString(), "--identity", identity));
    args.addAll(Arrays.asList(command));
    CliRun run = CliRun.of(args);
    assertThat(run.exit()).as(run.err()).isEqualTo(code.number());
    assertThat(run.err()).contains(code.name() + ": ");
  }

  private String digest() {
    return ok("--data-dir", demoDir.toString(), "--identity", "inspectorate", "query", "digest")
        .strip();
  }

  private String ok(String... args) {
    List<String> full = new ArrayList<>(backendOptions());
    full.addAll(Arrays.asList(args));
    CliRun run = CliRun.of(full);
    assertThat(run.exit()).as("%s: %s", full, run.err()).isZero();
    return run.out();
  }

  private static String first(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return m.group(1);
  }
}
