package org.chipledger.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.chipledger.agent.SnapshotWorld;
import org.chipledger.app.cli.CliRun;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.NvramEntry;
import org.chipledger.firmware.NvramLog;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 4 through the CLI on the embedded ledger: the treaty signs two logging builds, the
 * secretariat approves them, a chip runs the newer one. The operator then tries to roll the chip
 * back: the chip will not boot the older build, the ledger refuses records that claim it (and
 * records of a build nobody approved), and the inspector's check-log reports the rollback in a log
 * the operator doctored. Refusals change nothing.
 */
class EmbeddedFirmwareCheatTest {
  @TempDir Path dir;
  private String serial;

  @Test
  void aChipCannotBeRolledBackToOlderFirmware() throws IOException {
    SnapshotWorld world = SnapshotWorld.create(dir, 1);
    serial = world.deployed.get(0);
    Path treaty = dir.resolve("treaty");
    ok("treaty", "firmware", "treaty-key", "--out", treaty.toString());
    Path v1 = build(treaty, "logging-fw 1.0", 1);
    Path v2 = build(treaty, "logging-fw 2.0", 2);
    Path pub = treaty.resolve("treaty-firmware.pub.pem");
    ok("treaty", "firmware", "set-key", "--public-key", pub.toString());
    CliRun byOperator = as("dc-us", "firmware", "approve", "--build", v1.toString());
    assertThat(byOperator.exit()).isEqualTo(ErrorCode.UNAUTHORIZED_ROLE.number());
    ok("treaty", "firmware", "approve", "--build", v1.toString());
    ok("treaty", "firmware", "approve", "--build", v2.toString());
    assertThat(ok("inspectorate", "firmware", "builds").out())
        .contains("logging-fw 1.0")
        .contains("logging-fw 2.0");

    Path nvram = dir.resolve("nvram/chip.nvram");
    CliRun newer = chip(nvram, v2, pub);
    assertThat(newer.exit()).as(newer.err()).isZero();
    assertThat(newer.out()).contains("build logging-fw 2.0 sv 2").contains("2 snapshots");
    // The chip's boot ROM refuses the older build: its anti-rollback counter is at 2.
    CliRun older = chip(nvram, v1, pub);
    assertThat(older.exit()).isEqualTo(1);
    assertThat(older.err()).contains("ROLLBACK");

    List<NvramEntry> made = NvramLog.read(nvram);
    SignedSnapshotRecord rolledBack = forge(made.get(1), measurement(v1), 1);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(SnapshotWorld.ledgerDir(dir))) {
      LedgerClient operator = SnapshotWorld.operator(dir, ledger);
      operator.submitSnapshotBatch(batch(1, made.get(0).signed(), made.get(1).signed()));
      assertThat(operator.chipHead(serial).getSecurityVersion()).isEqualTo(2);
      // The operator signs with the chip key it holds and claims the older, approved build.
      refused(operator, ErrorCode.FIRMWARE_ROLLBACK, rolledBack);
      // ... or an unsigned, logging-free build nobody approved.
      refused(operator, ErrorCode.FIRMWARE_NOT_APPROVED, forge(made.get(1), new byte[32], 3));
      assertThat(operator.chipHead(serial).getCounter()).isEqualTo(2);
    }
    Path doctored = dir.resolve("doctored/chip.nvram");
    Files.createDirectories(doctored.getParent());
    Files.copy(nvram, doctored, StandardCopyOption.REPLACE_EXISTING);
    try (NvramLog log = NvramLog.open(doctored)) {
      log.append(rolledBack);
    }
    CliRun check = as("inspectorate", "inspect", "check-log", "--nvram", doctored.toString());
    assertThat(check.out())
        .contains("FIRMWARE_ROLLBACK: record #3")
        .contains("security version 1 after record #1 ran security version 2")
        .doesNotContain("CLEAN");
    assertThat(check.exit()).isNotZero();
    CliRun honest = as("inspectorate", "inspect", "check-log", "--nvram", nvram.toString());
    assertThat(honest.out()).doesNotContain("FIRMWARE_ROLLBACK").contains("CLEAN");
  }

  /**
   * Issue 16 item 1: with the policy taking token-held keys only, a fab's software-made (or
   * derived) keys are refused and nothing is registered.
   */
  @Test
  void aTokenOnlyPolicyRefusesChipsWhoseKeysWereNotMadeInAToken() {
    SnapshotWorld.create(dir, 1);
    ok("treaty", "admin", "set-policy", "--token-chip-keys-only");
    CliRun software =
        as(
            "fab-us",
            "fab",
            "register",
            "--lot-id",
            "SW",
            "--count",
            "2",
            "--model",
            "H100",
            "--tpp",
            "15832");
    assertThat(software.exit()).as(software.err()).isEqualTo(ErrorCode.INVALID_CHIP_KEY.number());
    assertThat(software.err()).contains("was not made in a token");
    CliRun query = as("inspectorate", "query", "chip", "SW-000001");
    assertThat(query.exit()).isEqualTo(ErrorCode.CHIP_NOT_FOUND.number());
  }

  private void refused(LedgerClient operator, ErrorCode code, SignedSnapshotRecord record) {
    LedgerException e =
        catchThrowableOfType(
            LedgerException.class, () -> operator.submitSnapshotBatch(batch(2, record)));
    assertThat(e).as("refused with %s", code).isNotNull();
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
  }

  private SignedSnapshotRecord forge(NvramEntry after, byte[] measurement, long version)
      throws IOException {
    SnapshotRecord record =
        after.record().toBuilder()
            .setCounter(after.counter() + 1)
            .setPrevRecordHash(after.recordHash())
            .setChipTime(
                after.record().getChipTime().toBuilder()
                    .setSeconds(after.record().getChipTime().getSeconds() + 60))
            .setFirmwareMeasurement(ByteString.copyFrom(measurement))
            .setSecurityVersion(version)
            .build();
    return ChipSigner.load(dir.resolve("chip-keys/" + serial + ".pem")).signRecord(record);
  }

  private static byte[] measurement(Path build) throws IOException {
    return org.chipledger.crypto.Sha256.of(
        org.chipledger.firmware.FirmwareBuild.read(build).getManifest().toByteArray());
  }

  private static SubmitSnapshotBatchRequest batch(long seq, SignedSnapshotRecord... records) {
    return SubmitSnapshotBatchRequest.newBuilder()
        .setSiteId(SnapshotWorld.SITE)
        .setBatchSeq(seq)
        .setEpoch(seq)
        .addAllRecords(List.of(records))
        .build();
  }

  private Path build(Path treaty, String name, long version) throws IOException {
    Path image = dir.resolve(name.replace(' ', '-') + ".img");
    Files.writeString(image, "image of " + name, StandardCharsets.UTF_8);
    Path out = dir.resolve(name.replace(' ', '-') + ".build");
    CliRun signed =
        ok(
            "treaty",
            "firmware",
            "sign-build",
            "--treaty-key",
            treaty.resolve("treaty-firmware.pem").toString(),
            "--name",
            name,
            "--security-version",
            Long.toString(version),
            "--image",
            image.toString(),
            "--out",
            out.toString());
    assertThat(signed.out()).contains("measurement " + HexFormat.of().formatHex(measurement(out)));
    return out;
  }

  private CliRun chip(Path nvram, Path build, Path treatyKey) throws IOException {
    Path weights = dir.resolve("weights.f32");
    Files.write(weights, new byte[] {0, 0, (byte) 0x80, 0x3f});
    return CliRun.of(
        List.of(
            "firmware",
            "run",
            "--serial",
            serial,
            "--key",
            dir.resolve("chip-keys/" + serial + ".pem").toString(),
            "--nvram",
            nvram.toString(),
            "--weights",
            weights.toString(),
            "--air-gapped",
            "--build",
            build.toString(),
            "--treaty-key",
            treatyKey.toString(),
            "--rate-per-day",
            "86400000",
            "--count",
            "2"));
  }

  private CliRun as(String identity, String... args) {
    List<String> full =
        new ArrayList<>(List.of("--data-dir", dir.toString(), "--identity", identity));
    full.addAll(Arrays.asList(args));
    return CliRun.of(full);
  }

  private CliRun ok(String identity, String... args) {
    CliRun run = as(identity, args);
    assertThat(run.exit()).as("%s %s: %s", identity, List.of(args), run.err()).isZero();
    return run;
  }
}
