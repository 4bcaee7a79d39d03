package org.chipledger.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
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
 * Issue 17 items 9-11 through the CLI on the ledger {@code chipledger demo --custody-only} leaves
 * behind: there dc-us holds 3,850 monitored chips, dc-nl 1,497 and dc-sg 500, while a run of H
 * (1e25 FLOP in 30 days) needs 3,858, so each owner alone escapes a per-owner campaign and only a
 * pooled one samples them. Every refusal exits with its stable code and changes nothing. A subclass
 * per backend says how to reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class InspectionCheatScenarios {
  private static final String PERIOD = YearMonth.now(ZoneOffset.UTC).toString();
  private static final String POOL = "pool-treaty-" + PERIOD;

  private Path demoDir;
  private String digest;

  /** The backend the suite runs on. */
  protected abstract ScenarioBackend backend();

  private List<String> backendOptions() {
    return backend().options();
  }

  /**
   * Plays the demo the suite reads, into a directory under {@code dir}; suites that share a backend
   * may return one demo played once.
   */
  protected PlayedDemo playDemo(Path dir) {
    return PlayedDemo.custodyOnly(backendOptions(), dir.resolve("demo"));
  }

  @BeforeAll
  void playTheCustodyDemo(@TempDir Path dir) {
    backend().start().run();
    demoDir = playDemo(dir).dir();
    digest = ok("inspectorate", "query", "digest").out().strip();
  }

  @AfterAll
  void stop() {
    backend().stop().run();
  }

  /**
   * Item 10: the colluding owners each stay under a per-owner campaign (the attack, which passes on
   * the old code too); the treaty-wide pool samples all of them with Eq. (1), the secretariat
   * acknowledges it, and any owner re-derives the draw.
   */
  @Test
  @Order(1)
  void colludingOwnersEscapePerOwnerCampaignsButNotTheTreatyPool() {
    for (String owner : List.of("dc-us", "dc-nl", "dc-sg")) {
      CliRun open = as("inspectorate", "inspect", "open", "--owner", owner);
      assertThat(open.exit()).as(open.err()).isEqualTo(ErrorCode.NOTHING_TO_SAMPLE.number());
    }
    // The secretariat makes its escrow key and lets itself reveal withheld seeds (item 11); the
    // rest of the policy is the demo's.
    ok("treaty", "inspect", "escrow-key");
    ok(
        "treaty",
        "admin",
        "set-policy",
        "--escrow-key",
        demoDir.resolve("escrow/escrow.pub.der").toString(),
        "--secretariat-may-reveal");
    CliRun plan = ok("inspectorate", "inspect", "plan", "--owner", "pool:treaty");
    assertThat(plan.out()).contains("C = 8,597 monitored chips");
    CliRun open = ok("inspectorate", "inspect", "open", "--owner", "pool:treaty");
    assertThat(open.out()).contains("campaign " + POOL + " opened").contains("C = 8,597");
    CliRun ownerAck = as("dc-us", "datacenter", "ack-campaign", "--campaign", POOL);
    assertThat(ownerAck.exit()).isEqualTo(ErrorCode.NOT_CAMPAIGN_PARTY.number());
    ok("treaty", "datacenter", "ack-campaign", "--campaign", POOL);
    CliRun shown = ok("dc-sg", "inspect", "campaign", POOL);
    assertThat(shown.out()).contains("reveal deadline: ").doesNotContain("WITHHELD");
  }

  /**
   * Item 11: the seed is escrowed to the secretariat, which opens it but may not reveal it before
   * the inspector's deadline.
   */
  @Test
  @Order(2)
  void theSecretariatCannotRevealBeforeTheDeadline() {
    CliRun early = as("treaty", "inspect", "escrow-reveal", "--campaign", POOL);
    assertThat(early.exit()).as(early.err()).isEqualTo(ErrorCode.REVEAL_NOT_DUE.number());
    CliRun drawn = ok("inspectorate", "inspect", "draw", "--campaign", POOL);
    assertThat(drawn.out()).contains("of 8,597 chips");
    CliRun verified = ok("dc-nl", "inspect", "verify-sample", "--campaign", POOL);
    assertThat(verified.out()).contains(": verified:");
  }

  /**
   * Item 9: the inspector tries to roll again for the pool or an owner under another period (the
   * attack passed on the old code, where periods were free text).
   */
  @Test
  @Order(3)
  void theInspectorCannotReRollUnderAnotherPeriod() {
    String previous = YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();
    for (String period : List.of(previous, PERIOD + "-b", "2099-01")) {
      CliRun open = as("inspectorate", "inspect", "open", "--owner", "pool:US", "--period", period);
      assertThat(open.exit()).as(open.err()).isEqualTo(ErrorCode.INVALID_PERIOD.number());
    }
    CliRun again =
        as("inspectorate", "inspect", "open", "--owner", "pool:treaty", "--campaign", "again");
    assertThat(again.exit()).isEqualTo(ErrorCode.CAMPAIGN_EXISTS.number());
    CliRun list = ok("inspectorate", "inspect", "campaigns", "--owner", "pool:treaty");
    assertThat(list.out()).contains(POOL).doesNotContain("again");
    assertThat(ok("inspectorate", "inspect", "campaigns", "--owner", "pool:US").out())
        .doesNotContain(PERIOD);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void theRefusalsLeftTheCustodyAsTheDemoLeftIt() {
    assertThat(ok("inspectorate", "query", "digest").out().strip())
        .matches("[0-9a-f]{64}")
        .isEqualTo(digest);
  }

  private CliRun as(String identity, String... args) {
    List<String> full =
        new ArrayList<>(List.of("--data-dir", demoDir.toString(), "--identity", identity));
    full.addAll(Arrays.asList(args));
    return run(backendOptions(), full.toArray(String[]::new));
  }

  private CliRun ok(String identity, String... args) {
    CliRun run = as(identity, args);
    assertThat(run.exit()).as("%s %s: %s", identity, List.of(args), run.err()).isZero();
    return run;
  }

  private static CliRun run(List<String> options, String... args) {
    List<String> full = new ArrayList<>(options);
    full.addAll(Arrays.asList(args));
    return CliRun.of(full);
  }
}
