package org.chipledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.agent.SnapshotWorld;
import org.chipledger.app.inspection.InspectCommand;
import org.chipledger.firmware.NvramLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An inspection campaign through the CLI on an embedded ledger: dc-us holds four monitored chips
 * and H is low enough that Eq. (1) samples all of them, so each chip's finding can be staged.
 */
class CampaignCliTest {
  /** The calendar month in force: the ledger opens campaigns for it only. */
  private static final String PERIOD = YearMonth.now(ZoneOffset.UTC).toString();

  /** a*T of the default policy (a = 8.64e19 FLOP/day, T = 30 d): one chip can run H. */
  private static final String ONE_CHIP_H = "2.592e21";

  private static final String CAMPAIGN = "dc-us-" + PERIOD;

  @TempDir Path dir;

  private CliRun cli(String... args) {
    List<String> full = new ArrayList<>(List.of("--data-dir", dir.toString()));
    full.addAll(List.of(args));
    return CliRun.of(full);
  }

  private CliRun ok(String... args) {
    CliRun run = cli(args);
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    return run;
  }

  private CliRun inspector(String... args) {
    List<String> full = new ArrayList<>(List.of("--identity", "inspectorate", "inspect"));
    full.addAll(List.of(args));
    return cli(full.toArray(String[]::new));
  }

  private CliRun record(String serial, String... more) {
    List<String> args =
        new ArrayList<>(List.of("record", "--campaign", CAMPAIGN, "--serial", serial));
    args.addAll(List.of(more));
    return inspector(args.toArray(String[]::new));
  }

  @Test
  void openAcknowledgeDrawVerifyAndRecordFindings() throws Exception {
    SnapshotWorld world = SnapshotWorld.create(dir, 3);
    ok("--identity", "treaty", "admin", "set-policy", "--inspection-H", ONE_CHIP_H);
    List<String> chips = new ArrayList<>(world.deployed);
    chips.add(world.idle);

    CliRun plan = ok("--identity", "DcUSMSP/dc-us", "inspect", "plan", "--owner", "dc-us");
    assertThat(plan.out())
        .contains("C = 4 monitored chips")
        .containsPattern("s per period.*\\s4\\n");

    CliRun open = inspector("open", "--owner", "dc-us", "--period", PERIOD);
    assertThat(open.exit()).as(open.err()).isZero();
    assertThat(open.out()).contains("campaign " + CAMPAIGN + " opened").contains("s = 4");
    Path seedFile = dir.resolve("campaign-seeds").resolve(CAMPAIGN + ".seed");
    assertThat(seedFile).exists();
    CliRun again = inspector("open", "--owner", "dc-us", "--period", PERIOD, "--campaign", "x");
    assertThat(again.exit()).isEqualTo(101); // CAMPAIGN_EXISTS: no second roll of the dice
    assertThat(dir.resolve("campaign-seeds/x.seed")).doesNotExist();
    assertThat(inspector("draw", "--campaign", CAMPAIGN).exit()).isEqualTo(102); // not acked

    CliRun ack =
        ok("--identity", "DcUSMSP/dc-us", "datacenter", "ack-campaign", "--campaign", CAMPAIGN);
    assertThat(ack.out()).contains("acknowledged in transaction");
    CliRun drawn = inspector("draw", "--campaign", CAMPAIGN);
    assertThat(drawn.exit()).as(drawn.err()).isZero();
    assertThat(drawn.out()).contains("4 of 4 chips");
    chips.forEach(serial -> assertThat(drawn.out()).contains(serial));

    CliRun verified =
        ok("--identity", "DcUSMSP/dc-us", "inspect", "verify-sample", "--campaign", CAMPAIGN);
    assertThat(verified.out()).contains(": verified:");

    // Not found: missing, and unaccounted.
    CliRun missing = record(chips.get(0), "--found", "no");
    assertThat(missing.exit()).as(missing.err()).isEqualTo(InspectCommand.VIOLATIONS);
    assertThat(missing.out()).contains("not_found").contains("marked missing");
    CliRun unaccounted = ok("--identity", "inspectorate", "query", "unaccounted", "--list");
    assertThat(unaccounted.out()).contains(chips.get(0));

    // A chip whose firmware kept records the datacenter never committed.
    Path hiddenLog = dir.resolve("hidden.nvram");
    CliRun firmware =
        ok(
            "firmware",
            "run",
            "--serial",
            chips.get(1),
            "--key",
            dir.resolve("chip-keys/" + chips.get(1) + ".pem").toString(),
            "--nvram",
            hiddenLog.toString(),
            "--weights",
            weights().toString(),
            "--count",
            "2",
            "--rate-per-day",
            "86400000",
            "--accelerate",
            "1",
            "--air-gapped");
    assertThat(firmware.out()).contains("2 snapshots");
    CliRun hidden =
        record(
            chips.get(1),
            "--found",
            "yes",
            "--serial-matches",
            "--log",
            hiddenLog.toString(),
            "--grace",
            "0s");
    assertThat(hidden.exit()).as(hidden.err()).isEqualTo(InspectCommand.VIOLATIONS);
    assertThat(hidden.out()).contains("hidden_records").contains("FLAGS RAISED");

    // A clean chip with an empty log; the last one the owner refuses to produce.
    Path emptyLog = dir.resolve("empty.nvram");
    NvramLog.open(emptyLog).close();
    CliRun usage = record(chips.get(2), "--found", "yes", "--log", emptyLog.toString());
    assertThat(usage.exit()).isEqualTo(2);
    CliRun clean =
        record(chips.get(2), "--found", "yes", "--serial-matches", "--log", emptyLog.toString());
    assertThat(clean.exit()).as(clean.err()).isZero();
    assertThat(clean.out()).contains("NO FLAGS");
    assertThat(record(chips.get(2), "--found", "no").exit()).isEqualTo(106); // FINDING_EXISTS
    assertThat(record(chips.get(3), "--found", "refused").exit())
        .isEqualTo(InspectCommand.VIOLATIONS);

    // The chip marked missing left the population; verify-sample counts it back in.
    CliRun stillVerified =
        ok("--identity", "customs-us", "inspect", "verify-sample", "--campaign", CAMPAIGN);
    assertThat(stillVerified.out()).contains(": verified:").contains("counting 1 chips");

    CliRun shown = ok("--identity", "DcUSMSP/dc-us", "inspect", "campaign", CAMPAIGN);
    assertThat(shown.out())
        .contains("closed")
        .contains("4 findings, 3 flags")
        .contains("not_found")
        .contains("hidden_records")
        .contains("owner_refused");
    CliRun json =
        ok(
            "--identity",
            "DcUSMSP/dc-us",
            "--output",
            "json",
            "inspect",
            "campaigns",
            "--owner",
            "dc-us");
    assertThat(json.out()).contains("\"campaign_id\":\"" + CAMPAIGN + "\"");
  }

  @Test
  void aSeedThatIsNotTheCommittedOneIsRefused() throws Exception {
    SnapshotWorld.create(dir, 2);
    ok("--identity", "treaty", "admin", "set-policy", "--inspection-H", ONE_CHIP_H);
    assertThat(inspector("open", "--owner", "dc-us", "--period", PERIOD).exit()).isZero();
    ok(
        "--identity",
        "DcUSMSP/dc-us",
        "datacenter",
        "ack-campaign",
        "--campaign",
        "dc-us-" + PERIOD);
    Path seedFile = dir.resolve("campaign-seeds/dc-us-" + PERIOD + ".seed");
    Files.writeString(seedFile, "00".repeat(32) + "\n");
    CliRun draw = inspector("draw", "--campaign", "dc-us-" + PERIOD);
    assertThat(draw.exit()).isEqualTo(103); // SEED_MISMATCH
    assertThat(draw.err()).contains("SEED_MISMATCH");
    CliRun notDrawn =
        cli(
            "--identity",
            "DcUSMSP/dc-us",
            "inspect",
            "verify-sample",
            "--campaign",
            "dc-us-" + PERIOD);
    assertThat(notDrawn.exit()).isEqualTo(InspectCommand.UNVERIFIABLE);
  }

  private Path weights() throws Exception {
    Path weights = dir.resolve("weights.f32");
    Files.write(weights, new byte[4096]);
    return weights;
  }
}
