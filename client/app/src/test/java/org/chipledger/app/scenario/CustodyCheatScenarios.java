package org.chipledger.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  /**
   * Plays the demo the suite reads, into a directory under {@code dir}; suites that share a backend
   * may return one demo played once.
   */
  protected PlayedDemo playDemo(Path dir) {
    return PlayedDemo.custodyOnly(backendOptions(), dir.resolve("demo"));
  }

  @BeforeAll
  void playTheCustodyDemo(@TempDir Path dir) {
    startBackend();
    PlayedDemo played = playDemo(dir);
    demoDir = played.dir();
    keysDir = dir.resolve("keys");
    String demo = played.printed();
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
   * Item 8. Attack: Arizona Fab registers B200s (TPP 36,000) declaring TPP 1,000, so that they
   * would be uncontrolled and leave without a licence; and chips of a model nobody registered.
   */
  @Test
  void aFabCannotUnderDeclareAControlledModel() {
    String before = digest();
    refused(ErrorCode.MODEL_MISMATCH, "fab-us", registerLot("UNDER", "B200", "1000"));
    refused(ErrorCode.MODEL_NOT_REGISTERED, "fab-us", registerLot("ROGUE", "B200-LITE", "1000"));
    assertThat(digest()).isEqualTo(before);
    assertThat(ledger("fab-us", "model", "list")).contains("\"B200\"", "36000");

    // Declaring nothing, the chips take the model's TPP and are controlled.
    ledger(
        "fab-us",
        "fab",
        "register",
        "--lot-id",
        "HONEST",
        "--count",
        "1",
        "--model",
        "B200",
        "--keys-dir",
        keysDir.toString());
    assertThat(ledger("fab-us", "query", "chip", "HONEST-000001"))
        .containsPattern("\"tpp\"\\s*:\\s*36000")
        .containsPattern("\"controlled\"\\s*:\\s*true");
  }

  /** Item 7. Attack: Hsinchu Foundry ships H100s to Prairie Compute under a made-up licence. */
  @Test
  void aForgedLicenceIsRefused() {
    String before = digest();
    refused(ErrorCode.LICENCE_NOT_FOUND, "fab-tw", propose("CHEAT-F", "dc-us", "FORGED-1", 4901));
    assertThat(digest()).isEqualTo(before);
  }

  /** Item 7. Attack: Hsinchu Foundry ships under the US authority's licence for Arizona Fab. */
  @Test
  void anotherExportersLicenceIsRefused() {
    String before = digest();
    refused(
        ErrorCode.LICENCE_MISMATCH, "fab-tw", propose("CHEAT-O", "dc-sg", "LIC-US-DC-SG", 4902));
    assertThat(digest()).isEqualTo(before);
  }

  /** Item 7. Attack: one more shipment under the licence the story's exports used up. */
  @Test
  void anExhaustedLicenceIsRefused() {
    assertThat(ledger("dc-us", "licence", "show", "LIC-TW-DC-US"))
        .containsPattern("\"exported\"\\s*:\\s*2000");
    String before = digest();
    refused(
        ErrorCode.LICENCE_EXHAUSTED, "fab-tw", propose("CHEAT-X", "dc-us", "LIC-TW-DC-US", 4903));
    assertThat(digest()).isEqualTo(before);
  }

  /** Item 7. Attack: customs clears a shipment whose licence Taiwan revoked after the proposal. */
  @Test
  void aRevokedLicenceDoesNotClearExport() {
    issueLicence("LIC-CHEAT-R", Instant.now().plus(Duration.ofDays(30)));
    ok(withDemo("fab-tw", propose("CHEAT-R", "dc-nl", "LIC-CHEAT-R", 4904, 4905)));
    ledger("dc-nl", "custody", "accept", "--transfer-id", "CHEAT-R");
    ledger("licensing-tw", "licence", "revoke", "--licence-id", "LIC-CHEAT-R");
    String before = digest();

    refused(
        ErrorCode.LICENCE_REVOKED,
        "customs-tw",
        "customs",
        "clear-export",
        "--transfer-id",
        "CHEAT-R");

    assertThat(digest()).isEqualTo(before);
    assertThat(ledger("dc-nl", "licence", "show", "LIC-CHEAT-R"))
        .containsPattern("\"revoked\"\\s*:\\s*true")
        .doesNotContainPattern("\"exported\"\\s*:\\s*[1-9]");
  }

  /** Item 7. Attack: customs clears a shipment after its licence expired. */
  @Test
  void anExpiredLicenceDoesNotClearExport() throws InterruptedException {
    // Long enough for issue, propose and accept on a loaded 2-core machine's Fabric network.
    Instant expiry = Instant.now().plus(Duration.ofSeconds(40)).truncatedTo(ChronoUnit.SECONDS);
    issueLicence("LIC-CHEAT-E", expiry);
    ok(withDemo("fab-tw", propose("CHEAT-E", "dc-nl", "LIC-CHEAT-E", 4906)));
    ledger("dc-nl", "custody", "accept", "--transfer-id", "CHEAT-E");
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1_500);
    String before = digest();

    refused(
        ErrorCode.LICENCE_EXPIRED,
        "customs-tw",
        "customs",
        "clear-export",
        "--transfer-id",
        "CHEAT-E");

    assertThat(digest()).isEqualTo(before);
  }

  private void issueLicence(String id, Instant expiry) {
    ledger(
        "licensing-tw",
        "licence",
        "issue",
        "--licence-id",
        id,
        "--exporter",
        "fab-tw",
        "--to",
        "dc-nl",
        "--to-country",
        "NL",
        "--models",
        "H100",
        "--quantity",
        "10",
        "--expires",
        expiry.toString());
  }

  /** {@code custody propose} of Hsinchu's unsold H100s with these numbers. */
  private static String[] propose(String transferId, String to, String licence, int... chips) {
    String serials =
        Arrays.stream(chips)
            .mapToObj(n -> String.format("TW-H100-%06d", n))
            .collect(Collectors.joining(","));
    return new String[] {
      "custody",
      "propose",
      "--transfer-id",
      transferId,
      "--to",
      to,
      "--licence",
      licence,
      "--serials",
      serials
    };
  }

  private String[] registerLot(String lotId, String model, String tpp) {
    return new String[] {
      "fab",
      "register",
      "--lot-id",
      lotId,
      "--count",
      "2",
      "--model",
      model,
      "--tpp",
      tpp,
      "--keys-dir",
      keysDir.toString()
    };
  }

  /** The global options that run {@code command} as {@code identity} on the demo's ledger. */
  private String[] withDemo(String identity, String... command) {
    List<String> args =
        new ArrayList<>(List.of("--data-dir", demoDir.toString(), "--identity", identity));
    args.addAll(Arrays.asList(command));
    return args.toArray(String[]::new);
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
