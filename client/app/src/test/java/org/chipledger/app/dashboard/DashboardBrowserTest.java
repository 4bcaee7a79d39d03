package org.chipledger.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chipledger.agent.SnapshotWorld;
import org.chipledger.app.cli.ChipLedgerCli;
import org.chipledger.app.cli.CliRun;
import org.chipledger.app.inspection.CampaignSeeds;
import org.chipledger.app.inspection.FindingRecorder;
import org.chipledger.chaincode.inspection.Campaigns;
import org.chipledger.chaincode.inspection.Findings;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.cast.EmbeddedCast;
import org.chipledger.client.cast.Fleet;
import org.chipledger.client.cast.Founding;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.verification.RunVerifications;
import org.chipledger.crypto.Sha256;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.NvramLog;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.CommitSelectionRequest;
import org.chipledger.proto.ledger.v1.DeclareRunRequest;
import org.chipledger.proto.ledger.v1.Flag;
import org.chipledger.proto.ledger.v1.FlagReason;
import org.chipledger.proto.ledger.v1.FlaggedRun;
import org.chipledger.proto.ledger.v1.HistoryPage;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RecordVerdictRequest;
import org.chipledger.proto.ledger.v1.RequestVerificationRequest;
import org.chipledger.proto.ledger.v1.RunVerificationPage;
import org.chipledger.proto.ledger.v1.RunVerificationState;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * {@code chipledger dashboard} on the demo's ledger (plus a fleet with runs and snapshots), seen in
 * headless Chromium: every page shows the numbers the CLI prints for the same question, the JSON
 * API answers exactly the CLI's JSON, and the inspector action needs the start's token. A second
 * ledger holds a campaign whose finding flagged an undeclared run that then got its verdict. Fails
 * if Chromium is not installed ({@code ./test.sh} installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  /** The calendar month in force: the ledger opens campaigns for it only. */
  private static final String PERIOD = YearMonth.now(ZoneOffset.UTC).toString();

  private static final Pattern URL = Pattern.compile("dashboard on (http://\\S+/) ");
  private static final Pattern TOKEN = Pattern.compile("inspector token .*: (\\S+)$");
  private static final String SITE = "us-fleet";
  private static final String STORY_CHIP = "TW-H100-000001";
  private static final String CAMPAIGN = "dc-sg-" + PERIOD;
  private static final String FLAGGED_CAMPAIGN = "dc-us-" + PERIOD;
  private static final String SHADOW_RUN = "run-shadow";

  /** The check the Verifier fails when nobody committed to the run's transcript before training. */
  private static final String COMMITMENT_CHECK = "COMMITMENT";

  private Path dir;
  private final Instant asOf =
      Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
  private final BlockingQueue<String> dashboardLines = new LinkedBlockingQueue<>();
  private Thread dashboard;
  private URI home;
  private String token;
  private HeadlessBrowser browser;
  private String fleetChip;

  /** The dashboard of the second ledger, its ledger, and what the CLI printed for its campaign. */
  private DashboardServer flaggedServer;

  private EmbeddedLedger flaggedLedger;
  private String flaggedCampaignJson;

  /** The CLI's answers, asked before the dashboard opens the ledger (one process at a time). */
  private final Map<String, String> cli = new HashMap<>();

  @BeforeAll
  void startTheDashboardOnTheDemoLedger(@TempDir Path tmp, @TempDir Path flagged) throws Exception {
    dir = tmp;
    CliRun demo = CliRun.of(List.of("demo", "--custody-only", "--demo-dir", dir.toString()));
    assertThat(demo.exit()).as(demo.err()).isZero();
    addRuns();
    runACampaign();
    askTheCli();
    dashboard =
        new Thread(
            () ->
                ChipLedgerCli.run(
                    args("dashboard", "--port", "0", "--inspector-identity", "inspectorate")
                        .toArray(String[]::new),
                    new PrintWriter(new LineWriter(dashboardLines), true),
                    new PrintWriter(new LineWriter(dashboardLines), true)));
    dashboard.start();
    home = URI.create(match(URL));
    token = match(TOKEN);
    flagARunAndRecordItsVerdict(flagged);
    flaggedCampaignJson = cliJson(flagged, "inspect", "campaign", FLAGGED_CAMPAIGN);
    flaggedLedger = EmbeddedLedger.open(flagged.resolve("ledger"));
    flaggedServer =
        DashboardServer.start(
            new LedgerClient(
                flaggedLedger.connect(
                    new IdentityStore(flagged.resolve("identities"))
                        .load(Cast.member("inspectorate").mspId(), "inspectorate"))),
            Optional.empty(),
            "127.0.0.1",
            0);
    browser = HeadlessBrowser.start();
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (browser != null) {
      browser.close();
    }
    if (dashboard != null) {
      dashboard.interrupt();
      dashboard.join(TimeUnit.MINUTES.toMillis(2));
    }
    if (flaggedServer != null) {
      flaggedServer.close();
    }
    if (flaggedLedger != null) {
      flaggedLedger.close();
    }
  }

  /** A fleet at dc-us with three runs: one with a verdict, one requested, one never declared. */
  private void addRuns() {
    IdentityStore identities = new IdentityStore(dir.resolve("identities"));
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir.resolve("ledger"))) {
      LedgerClient fab =
          new LedgerClient(
              ledger.connect(identities.load(Cast.member("fab-us").mspId(), "fab-us")));
      LedgerClient dc =
          new LedgerClient(ledger.connect(identities.load(Cast.member("dc-us").mspId(), "dc-us")));
      LedgerClient inspectorate =
          new LedgerClient(
              ledger.connect(identities.load(Cast.member("inspectorate").mspId(), "inspectorate")));
      Fleet fleet = Fleet.deploy(fab, dc, "dc-us", SITE, "US", "FLT", 9L, 4, 0, n -> {});
      fleetChip = fleet.serials().get(0);
      declare(dc, "run-honest", fleet.serials().subList(0, 2));
      declare(dc, "run-asked", fleet.serials().subList(2, 4));
      SnapshotRecord first = record(fleet, 0, 1, new byte[32], 10, "run-honest");
      SnapshotRecord second =
          record(fleet, 0, 2, Sha256.of(first.toByteArray()), 3_600, "run-honest");
      SnapshotRecord hidden = record(fleet, 3, 1, new byte[32], 20, "run-hidden");
      dc.submitSnapshotBatch(
          SubmitSnapshotBatchRequest.newBuilder()
              .setSiteId(SITE)
              .setBatchSeq(1)
              .setEpoch(1)
              .addRecords(sign(fleet, 0, first))
              .addRecords(sign(fleet, 0, second))
              .addRecords(sign(fleet, 3, hidden))
              .build());
      // Eq. (1) samples a handful of dc-sg's 500 chips: H needs half of them, f makes x ~ 1/2.
      Policy policy = Founding.policy();
      new LedgerClient(ledger.connect(identities.load("TreatyMSP", "treaty")))
          .setPolicy(
              policy.toBuilder()
                  .setInspection(
                      policy.getInspection().toBuilder()
                          .setThresholdFlop(250 * 1e15 * 86_400 * 30)
                          .setSnapshotsPerDay(1))
                  .build());
      inspectorate.requestVerification(
          RequestVerificationRequest.newBuilder()
              .setRunId("run-asked")
              .setReason("near H")
              .build());
      // The Verifier commits to its selection before its verdict and replays the minimum.
      byte[] honestSecret = Sha256.of("honest selection".getBytes(StandardCharsets.UTF_8));
      inspectorate.commitSelection(
          CommitSelectionRequest.newBuilder()
              .setRunId("run-honest")
              .setCommitment(ByteString.copyFrom(Sha256.of(honestSecret)))
              .build());
      inspectorate.recordVerdict(
          RecordVerdictRequest.newBuilder()
              .setRunId("run-honest")
              .setHonest(true)
              .setEvidenceHash(ByteString.copyFrom(new byte[32]))
              .setSummary("replayed within epsilon")
              .setSelectionSecret(ByteString.copyFrom(honestSecret))
              .setTopQ(1)
              .setRandomSegments(1)
              .build());
    }
  }

  private static void declare(LedgerClient dc, String runId, List<String> serials) {
    dc.declareRun(
        DeclareRunRequest.newBuilder()
            .setRunId(runId)
            .setSiteId(SITE)
            .addAllChipSerials(serials)
            .setDeclaredFlop(2e25)
            // One run per manifest hash: each run id gets its own.
            .setManifestHash(
                ByteString.copyFrom(
                    org.chipledger.crypto.Sha256.of(
                        runId.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
            .setInitSeedCommitment(ByteString.copyFrom(new byte[32]))
            .setDataCommitment(ByteString.copyFrom(new byte[32]))
            .build());
  }

  private static SnapshotRecord record(
      Fleet fleet, int chip, long counter, byte[] prev, long seconds, String runId) {
    return SnapshotWorld.record(
            fleet.serials().get(chip), counter, ByteString.copyFrom(prev), seconds)
        .toBuilder()
        .setRunId(runId)
        .build();
  }

  private static SignedSnapshotRecord sign(Fleet fleet, int chip, SnapshotRecord record) {
    return SnapshotWorld.sign(new ChipSigner(fleet.keys(chip).getPrivate()), record);
  }

  /**
   * Through the CLI: the inspectorate opens a campaign on dc-sg, dc-sg acknowledges, the seed is
   * revealed; the first sampled chip is not found, the others are found with an empty NVRAM log.
   */
  private void runACampaign() throws IOException {
    ok("inspectorate", "inspect", "open", "--owner", "dc-sg", "--period", PERIOD);
    ok("DcSGMSP/dc-sg", "datacenter", "ack-campaign", "--campaign", CAMPAIGN);
    ok("inspectorate", "inspect", "draw", "--campaign", CAMPAIGN);
    CampaignView drawn =
        merge(
                ok("inspectorate", "--output", "json", "inspect", "campaign", CAMPAIGN).out(),
                CampaignView.newBuilder())
            .build();
    List<String> sample = drawn.getCampaign().getSampledSerialsList();
    assertThat(sample).hasSizeGreaterThan(1);
    Path empty = dir.resolve("empty.nvram");
    NvramLog.open(empty).close();
    record("--serial", sample.get(0), "--found", "no");
    for (String serial : sample.subList(1, sample.size())) {
      record("--serial", serial, "--found", "yes", "--serial-matches", "--log", empty.toString());
    }
  }

  /**
   * On a fresh ledger: dc-us's two chips, one of which committed a snapshot of a run nobody
   * declared; a campaign samples both, the finding on that chip flags the run and requests its
   * verification, and the Verifier records a dishonest verdict as its daemon does (committing to
   * its selection secret, then revealing it with the verdict), signed as the inspectorate.
   */
  private static void flagARunAndRecordItsVerdict(Path data) throws IOException {
    try (EmbeddedCast cast =
        EmbeddedCast.create(data.resolve("identities"), data.resolve("ledger"))) {
      Policy policy = Founding.policy();
      Founding.found(
          cast,
          policy.toBuilder()
              .setInspection(
                  policy.getInspection().toBuilder()
                      // One chip can run H within T, so Eq. (1) samples both chips.
                      .setThresholdFlop(1e15 * 86_400 * 30))
              .build());
      LedgerClient dc = cast.as("dc-us");
      LedgerClient inspectorate = cast.as("inspectorate");
      Fleet fleet =
          Fleet.deploy(cast.as("fab-us"), dc, "dc-us", SITE, "US", "SHD", 5L, 2, 0, n -> {});
      SignedSnapshotRecord shadow =
          sign(fleet, 0, record(fleet, 0, 1, new byte[32], 10, SHADOW_RUN));
      dc.submitSnapshotBatch(
          SubmitSnapshotBatchRequest.newBuilder()
              .setSiteId(SITE)
              .setBatchSeq(1)
              .setEpoch(1)
              .addRecords(shadow)
              .build());
      Path shadowLog = data.resolve("shadow.nvram");
      try (NvramLog log = NvramLog.open(shadowLog)) {
        log.append(shadow);
      }
      Path cleanLog = data.resolve("clean.nvram");
      NvramLog.open(cleanLog).close();

      CampaignSeeds seeds = new CampaignSeeds(data.resolve("campaign-seeds"));
      seeds.open(inspectorate, FLAGGED_CAMPAIGN, "dc-us", PERIOD);
      dc.acknowledgeCampaign(FLAGGED_CAMPAIGN);
      assertThat(seeds.reveal(inspectorate, FLAGGED_CAMPAIGN).getSampledSerialsList())
          .containsExactlyInAnyOrderElementsOf(fleet.serials());
      FindingRecorder recorder = new FindingRecorder(inspectorate, Duration.ofHours(1));
      FindingRecorder.Recorded flagged =
          recorder.record(
              FLAGGED_CAMPAIGN,
              fleet.serials().get(0),
              FindingRecorder.Presence.FOUND,
              true,
              false,
              Optional.of(shadowLog),
              Instant.now());
      assertThat(flagged.requestedRuns()).containsExactly(SHADOW_RUN);

      byte[] secret = Sha256.of("selection secret".getBytes(StandardCharsets.UTF_8));
      inspectorate.commitSelection(
          CommitSelectionRequest.newBuilder()
              .setRunId(SHADOW_RUN)
              .setCommitment(ByteString.copyFrom(Sha256.of(secret)))
              .build());
      inspectorate.recordVerdict(
          RecordVerdictRequest.newBuilder()
              .setRunId(SHADOW_RUN)
              .setHonest(false)
              .addFailedChecks(COMMITMENT_CHECK)
              .setEvidenceHash(
                  ByteString.copyFrom(Sha256.of("report".getBytes(StandardCharsets.UTF_8))))
              .setSummary("rejected; failed: " + COMMITMENT_CHECK)
              .setEpsilon(6.2e-5)
              .setSelectionSecret(ByteString.copyFrom(secret))
              .build());
      recorder.record(
          FLAGGED_CAMPAIGN,
          fleet.serials().get(1),
          FindingRecorder.Presence.FOUND,
          true,
          false,
          Optional.of(cleanLog),
          Instant.now());
    }
  }

  /** What {@code chipledger --output json COMMAND} printed as the inspectorate on {@code data}. */
  private static String cliJson(Path data, String... command) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data-dir", data.toString(), "--identity", "inspectorate", "--output", "json"));
    args.addAll(List.of(command));
    CliRun run = CliRun.of(args);
    assertThat(run.exit()).as("%s: %s", args, run.err()).isZero();
    return run.out().strip();
  }

  private void record(String... finding) {
    List<String> args = new ArrayList<>(List.of("inspect", "record", "--campaign", CAMPAIGN));
    args.addAll(List.of(finding));
    CliRun run = CliRun.of(withIdentity("inspectorate", args));
    // Exit 3: the finding raised flags (the chip not found).
    assertThat(run.exit()).as(run.err()).isIn(0, 3);
  }

  private CliRun ok(String identity, String... command) {
    CliRun run = CliRun.of(withIdentity(identity, List.of(command)));
    assertThat(run.exit()).as("%s: %s", List.of(command), run.err()).isZero();
    return run;
  }

  private List<String> withIdentity(String identity, List<String> command) {
    List<String> args =
        new ArrayList<>(List.of("--data-dir", dir.toString(), "--identity", identity));
    args.addAll(command);
    return args;
  }

  private List<String> args(String... command) {
    List<String> args =
        new ArrayList<>(List.of("--data-dir", dir.toString(), "--identity", "inspectorate"));
    args.addAll(List.of(command));
    return args;
  }

  private void askTheCli() {
    for (String question :
        List.of(
            "--output json counts",
            "counts",
            "--output json history " + STORY_CHIP,
            "--output json history " + fleetChip,
            "--output json chip " + STORY_CHIP,
            "--output json chip-head " + fleetChip,
            "--output json unaccounted --as-of " + asOf,
            "unaccounted --as-of " + asOf,
            "--output json runs")) {
      List<String> args = args("query");
      args.addAll(List.of(question.split(" ")));
      CliRun run = CliRun.of(args);
      assertThat(run.exit()).as("%s: %s", args, run.err()).isZero();
      cli.put(question, run.out().strip());
    }
    for (String question : List.of("campaigns --owner dc-sg", "campaign " + CAMPAIGN)) {
      List<String> args = args("--output", "json", "inspect");
      args.addAll(List.of(question.split(" ")));
      CliRun run = CliRun.of(args);
      assertThat(run.exit()).as("%s: %s", args, run.err()).isZero();
      cli.put(question, run.out().strip());
    }
    for (String question : List.of("--output json orgs")) {
      List<String> args = args("query");
      args.addAll(List.of(question.split(" ")));
      CliRun run = CliRun.of(args);
      assertThat(run.exit()).as("%s: %s", args, run.err()).isZero();
      cli.put(question, run.out().strip());
    }
  }

  /** What {@code chipledger query QUESTION} printed. */
  private String cli(String question) {
    return cli.get(question);
  }

  private String match(Pattern pattern) throws InterruptedException {
    while (true) {
      String line = dashboardLines.poll(2, TimeUnit.MINUTES);
      assertThat(line).as("the dashboard printed its address and token").isNotNull();
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
  }

  private String api(String path) throws IOException, InterruptedException {
    return api(home, path);
  }

  private static String api(URI home, String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(home.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private WebElement open(String page) throws IOException {
    WebElement section = browser.open(home, page);
    screenshot(page);
    return section;
  }

  /** Each page as shown, in target/, and in docs/dashboard with -Dchipledger.screenshots=DIR. */
  private void screenshot(String page) throws IOException {
    byte[] png = browser.screenshot();
    List<Path> dirs = new ArrayList<>(List.of(Path.of("target", "dashboard-screenshots")));
    String docs = System.getProperty("chipledger.screenshots");
    if (docs != null) {
      dirs.add(Path.of(docs));
    }
    for (Path d : dirs) {
      Files.createDirectories(d);
      Files.write(d.resolve(page + ".png"), png);
    }
  }

  /** A table's body rows as cell texts. */
  private static List<List<String>> rows(WebElement table) {
    List<List<String>> rows = new ArrayList<>();
    for (WebElement tr : table.findElements(By.cssSelector("tbody tr"))) {
      rows.add(tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
    }
    return rows;
  }

  private static List<String> headers(WebElement table) {
    return table.findElements(By.cssSelector("thead th")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** The CLI's table as {first cell -> {header -> cell}}; its cells hold no spaces. */
  private static Map<String, Map<String, String>> cliTable(String table) {
    List<String> lines = table.lines().toList();
    List<String> headers = List.of(lines.get(0).trim().split("\\s+"));
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    for (String line : lines.subList(2, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < headers.size(); i++) {
        row.put(headers.get(i), i < cells.length ? cells[i] : "");
      }
      rows.put(cells[0], row);
    }
    return rows;
  }

  private static Map<String, Map<String, String>> pageTable(WebElement table) {
    List<String> headers = headers(table);
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    for (List<String> cells : rows(table)) {
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < headers.size(); i++) {
        row.put(headers.get(i), cells.get(i));
      }
      rows.put(cells.get(0), row);
    }
    return rows;
  }

  @Test
  @Order(1)
  void theJsonApiAnswersExactlyWhatTheCliPrintsAsJson() throws Exception {
    assertThat(api("/api/custody/counts")).isEqualTo(cli("--output json counts"));
    assertThat(api("/api/chip/history?serial=" + STORY_CHIP))
        .isEqualTo(cli("--output json history " + STORY_CHIP));
    assertThat(api("/api/chip/record?serial=" + STORY_CHIP))
        .isEqualTo(cli("--output json chip " + STORY_CHIP));
    assertThat(api("/api/chip/head?serial=" + fleetChip))
        .isEqualTo(cli("--output json chip-head " + fleetChip));
    assertThat(api("/api/unaccounted/report?as_of=" + asOf))
        .isEqualTo(cli("--output json unaccounted --as-of " + asOf));
    assertThat(api("/api/runs/list")).isEqualTo(cli("--output json runs"));
    assertThat(api("/api/campaigns/orgs")).isEqualTo(cli("--output json orgs"));
    assertThat(api("/api/campaigns/list?owner=dc-sg")).isEqualTo(cli("campaigns --owner dc-sg"));
    assertThat(api("/api/campaigns/view?id=" + CAMPAIGN)).isEqualTo(cli("campaign " + CAMPAIGN));
  }

  @Test
  @Order(2)
  void theCustodyPageShowsTheCliCountsByCountryAndStatus() throws Exception {
    WebElement page = open("custody");
    Map<String, Map<String, String>> counts = cliTable(cli("counts"));
    assertThat(pageTable(page.findElement(By.id("counts")))).isEqualTo(counts);
    assertThat(counts.get("all").get("total")).isEqualTo("10,004");
  }

  @Test
  @Order(3)
  void theChipSearchShowsTheCustodyChainAndSnapshotHeadOfTheCli() throws Exception {
    open("chip");
    for (String serial : List.of(STORY_CHIP, fleetChip)) {
      browser.type(By.id("serial"), serial);
      browser.click(By.id("search"));
      WebElement summary =
          browser.drawn(By.cssSelector("#chip-summary[data-serial='" + serial + "']"));
      HistoryPage history =
          merge(cli("--output json history " + serial), HistoryPage.newBuilder()).build();
      assertThat(Integer.parseInt(summary.getAttribute("data-chain-length")))
          .isEqualTo(history.getVersionsCount())
          .isGreaterThan(1);
      assertThat(summary.getAttribute("data-holder"))
          .isEqualTo(history.getVersions(history.getVersionsCount() - 1).getChip().getHolderOrg());
      assertThat(rows(browser.drawn(By.id("history")))).hasSize(history.getVersionsCount());
    }
    List<List<String>> head = rows(browser.drawn(By.id("head")));
    assertThat(head).hasSize(1);
    assertThat(head.get(0).subList(0, 2)).containsExactly("2", "run-honest");
    screenshot("chip");
  }

  @Test
  @Order(4)
  void theUnaccountedPageShowsTheCliReport() throws Exception {
    open("unaccounted");
    browser.type(By.id("as-of"), asOf.toString());
    browser.click(By.cssSelector("#unaccounted-filter button"));
    WebElement result =
        browser.drawn(
            By.cssSelector("#unaccounted-result[data-loaded='true'][data-as-of='" + asOf + "']"));
    Map<String, String> page = new LinkedHashMap<>();
    for (List<String> row : rows(result.findElement(By.id("unaccounted-summary")))) {
      page.put(row.get(0) + "/" + row.get(1), row.get(2));
    }
    // The CLI's lines: country, category, chips; its total line has no category.
    Map<String, String> printed = new LinkedHashMap<>();
    List<String> lines = cli("unaccounted --as-of " + asOf).lines().toList();
    for (String line : lines.subList(2, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      printed.put(
          cells.length == 2 ? cells[0] + "/" : cells[0] + "/" + cells[1], cells[cells.length - 1]);
    }
    assertThat(page).isEqualTo(printed).containsEntry("all/", "404");
    assertThat(rows(result.findElement(By.id("unaccounted-chips"))))
        .hasSize(Integer.parseInt(result.getAttribute("data-total")))
        .hasSize(404);
    screenshot("unaccounted");
  }

  @Test
  @Order(5)
  void theRunsPageShowsEachRunsVerificationStateAsTheCli() throws Exception {
    WebElement page = open("runs");
    RunVerificationPage runs =
        merge(cli("--output json runs"), RunVerificationPage.newBuilder()).build();
    assertThat(runs.getRunsCount()).isEqualTo(3);
    Map<String, Map<String, String>> shown = pageTable(page.findElement(By.id("runs")));
    for (RunVerificationState run : runs.getRunsList()) {
      var activity = run.getView().getActivity();
      Map<String, String> row = shown.get(activity.getRunId());
      assertThat(row).as(activity.getRunId()).isNotNull();
      assertThat(row.get("declared")).isEqualTo(run.getView().hasRun() ? "yes" : "NO");
      assertThat(row.get("snapshots")).isEqualTo(Long.toString(activity.getSnapshotCount()));
      assertThat(row.get("chips")).isEqualTo(Integer.toString(activity.getChipCount()));
      assertThat(row.get("verification")).isEqualTo(RunVerifications.label(run));
    }
    assertThat(shown.get("run-honest").get("verification")).isEqualTo("honest");
    assertThat(shown.get("run-asked").get("verification")).isEqualTo("requested");
    assertThat(shown.get("run-hidden").get("declared")).isEqualTo("NO");
  }

  @Test
  @Order(6)
  void theInspectorActionIsRefusedWithoutTheTokenAndWorksWithIt() throws Exception {
    open("runs");
    browser.type(By.id("action-run"), "run-hidden");
    browser.type(By.id("action-reason"), "snapshots under an undeclared run");
    browser.type(By.id("token"), "not-the-token");
    browser.click(By.id("action-submit"));
    WebElement refused = browser.drawn(By.cssSelector("#action-result[data-status='401']"));
    assertThat(refused.getAttribute("data-code"))
        .isEqualTo(ErrorCode.DASHBOARD_TOKEN_INVALID.name());
    assertThat(hidden().hasRequest()).isFalse();

    browser.type(By.id("token"), token);
    browser.click(By.id("action-submit"));
    browser.drawn(By.cssSelector("#action-result[data-status='200']"));
    browser.drawn(By.cssSelector("tr[data-run-id='run-hidden'][data-state='requested']"));
    screenshot("runs");
    assertThat(hidden().getRequest().getRequestedByOrg()).isEqualTo("inspectorate");
  }

  @Test
  @Order(7)
  void theCampaignsPageShowsTheCampaignOfTheCli() throws Exception {
    open("campaigns");
    browser.select(By.id("owner"), "dc-sg");
    browser.click(By.id("campaigns-show"));
    WebElement list =
        browser.drawn(By.cssSelector("#campaigns-list[data-loaded='true'][data-owner='dc-sg']"));
    CampaignView cli = merge(cli("campaign " + CAMPAIGN), CampaignView.newBuilder()).build();
    Campaign c = cli.getCampaign();
    Map<String, String> row = pageTable(list.findElement(By.id("campaigns"))).get(CAMPAIGN);
    assertThat(row)
        .containsEntry("state", Campaigns.stateName(c.getState()))
        .containsEntry("state", "closed")
        .containsEntry("C", String.format(Locale.ROOT, "%,d", c.getPlannedPopulation()))
        .containsEntry("s", Integer.toString(c.getSampleSize()))
        .containsEntry("findings", Integer.toString(c.getFindingsRecorded()))
        .containsEntry("flags", Integer.toString(c.getFlagsRaised()));

    browser.click(By.cssSelector("#campaigns tr[data-campaign-id='" + CAMPAIGN + "']"));
    WebElement detail =
        browser.drawn(
            By.cssSelector(
                "#campaign-detail[data-loaded='true'][data-campaign-id='" + CAMPAIGN + "']"));
    assertThat(detail.getAttribute("data-state")).isEqualTo(Campaigns.stateName(c.getState()));
    List<WebElement> sample = detail.findElements(By.cssSelector("#campaign-sample tbody tr"));
    assertThat(sample.stream().map(tr -> tr.getAttribute("data-serial")))
        .containsExactlyElementsOf(c.getSampledSerialsList());
    Map<String, String> flagsPerSerial = new LinkedHashMap<>();
    cli.getFindingsList()
        .forEach(
            f ->
                flagsPerSerial.put(
                    f.getSerial(),
                    String.join(
                        ",",
                        f.getFlagsList().stream()
                            .map(flag -> Findings.flagName(flag.getReason()))
                            .toList())));
    Map<String, String> shown = new LinkedHashMap<>();
    sample.forEach(tr -> shown.put(tr.getAttribute("data-serial"), tr.getAttribute("data-flags")));
    assertThat(shown).isEqualTo(flagsPerSerial);
    assertThat(shown.get(c.getSampledSerials(0))).isEqualTo("not_found");
    assertThat(shown.get(c.getSampledSerials(1))).isEmpty();
    assertThat(sample.get(0).getAttribute("data-finding")).isEqualTo("not found");
    assertThat(sample.get(1).getAttribute("data-finding")).isEqualTo("found");
    assertThat(rows(detail.findElement(By.id("campaign-flags")))).hasSize(c.getFlagsRaised());
  }

  @Test
  @Order(8)
  void theCampaignsPageShowsAFlaggedRunItsRequestAndItsVerdictAsTheCli() throws Exception {
    URI flaggedHome = flaggedServer.url();
    assertThat(api(flaggedHome, "/api/campaigns/view?id=" + FLAGGED_CAMPAIGN))
        .isEqualTo(flaggedCampaignJson);
    CampaignView cli = merge(flaggedCampaignJson, CampaignView.newBuilder()).build();
    List<Flag> flags =
        cli.getFindingsList().stream().flatMap(f -> f.getFlagsList().stream()).toList();
    assertThat(flags).hasSize(cli.getCampaign().getFlagsRaised()).hasSize(1);
    Flag flag = flags.get(0);
    assertThat(flag.getReason()).isEqualTo(FlagReason.FLAG_REASON_UNDECLARED_RUN);
    assertThat(flag.getRunId()).isEqualTo(SHADOW_RUN);
    assertThat(cli.getRunsList()).hasSize(1);
    FlaggedRun run = cli.getRuns(0);
    assertThat(run.getRunId()).isEqualTo(SHADOW_RUN);
    assertThat(run.getRequest().getReason())
        .isEqualTo("campaign " + FLAGGED_CAMPAIGN + ": undeclared_run on chip " + flag.getSerial());
    assertThat(run.getVerdict().getHonest()).isFalse();
    assertThat(run.getVerdict().getFailedChecksList()).containsExactly(COMMITMENT_CHECK);

    browser.open(flaggedHome, "campaigns");
    browser.select(By.id("owner"), "dc-us");
    browser.click(By.id("campaigns-show"));
    browser.drawn(By.cssSelector("#campaigns-list[data-loaded='true'][data-owner='dc-us']"));
    browser.click(By.cssSelector("#campaigns tr[data-campaign-id='" + FLAGGED_CAMPAIGN + "']"));
    WebElement detail =
        browser.drawn(
            By.cssSelector(
                "#campaign-detail[data-loaded='true'][data-campaign-id='"
                    + FLAGGED_CAMPAIGN
                    + "']"));
    assertThat(
            detail
                .findElement(
                    By.cssSelector("#campaign-sample tr[data-serial='" + flag.getSerial() + "']"))
                .getAttribute("data-flags"))
        .isEqualTo(Findings.flagName(flag.getReason()));
    assertThat(pageTable(detail.findElement(By.id("campaign-flags"))))
        .containsOnlyKeys(flag.getSerial())
        .extractingByKey(flag.getSerial())
        .isEqualTo(
            Map.of(
                "chip", flag.getSerial(),
                "flag", Findings.flagName(flag.getReason()),
                "run", flag.getRunId(),
                "detail", flag.getDetail()));
    Map<String, Map<String, String>> runs = pageTable(detail.findElement(By.id("campaign-runs")));
    assertThat(runs)
        .containsOnlyKeys(run.getRunId())
        .extractingByKey(run.getRunId())
        .isEqualTo(
            Map.of(
                "run", run.getRunId(),
                "requested by", run.getRequest().getRequestedByOrg(),
                "request", run.getRequest().getReason(),
                "verification", run.getVerdict().getHonest() ? "honest" : "dishonest",
                "failed checks", String.join(",", run.getVerdict().getFailedChecksList())));
    assertThat(runs.get(SHADOW_RUN))
        .containsEntry("requested by", "inspectorate")
        .containsEntry("verification", "dishonest")
        .containsEntry("failed checks", COMMITMENT_CHECK);
    screenshot("campaigns");
  }

  /** The undeclared run as the dashboard's API (the runs query) now sees it. */
  private RunVerificationState hidden() throws IOException, InterruptedException {
    return merge(api("/api/runs/list"), RunVerificationPage.newBuilder()).getRunsList().stream()
        .filter(r -> r.getView().getActivity().getRunId().equals("run-hidden"))
        .findFirst()
        .orElseThrow();
  }

  private static <B extends com.google.protobuf.Message.Builder> B merge(String json, B builder) {
    try {
      JsonFormat.parser().merge(json, builder);
      return builder;
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(json, e);
    }
  }

  /** Hands each printed line to a queue, for a command that runs on. */
  private static final class LineWriter extends Writer {
    private final BlockingQueue<String> lines;
    private final StringBuilder line = new StringBuilder();

    LineWriter(BlockingQueue<String> lines) {
      this.lines = lines;
    }

    @Override
    public synchronized void write(char[] chars, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (chars[i] == '\n') {
          lines.add(line.toString());
          line.setLength(0);
        } else {
          line.append(chars[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
