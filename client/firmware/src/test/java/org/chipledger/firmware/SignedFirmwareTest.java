package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Optional;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.FirmwareManifest;
import org.chipledger.proto.ledger.v1.SignedFirmwareBuild;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator tries to run older (logging-free) or unsigned firmware on a chip: the boot ROM
 * refuses it, and every record names the build that made it under the chip's signature.
 */
class SignedFirmwareTest {
  @TempDir Path dir;
  private final KeyPair treaty = new ChipKeys().generate();
  private TestChip chip;
  private Path nvram;

  @BeforeEach
  void setUp() throws IOException {
    chip = new TestChip(dir, "CHIP-F");
    nvram = dir.resolve("chip.nvram");
  }

  @Test
  void recordsCarryTheMeasurementAndSecurityVersionUnderTheChipSignature() throws Exception {
    SignedFirmwareBuild v2 = build(treaty, "logging-fw 2.0", 2);
    SnapshotRecord record;
    try (Firmware fw = boot(v2)) {
      var entry = fw.snapshot("").entry();
      assertThat(chip.verifies(entry.signed())).isTrue();
      record = SnapshotRecord.parseFrom(entry.signed().getRecord());
    }
    assertThat(record.getSecurityVersion()).isEqualTo(2);
    assertThat(record.getFirmwareMeasurement().toByteArray())
        .isEqualTo(Sha256.of(v2.getManifest().toByteArray()));
    assertThat(record.getFirmwareVersion()).isEqualTo("logging-fw 2.0");
    assertThat(Files.readString(RollbackCounter.fileFor(nvram)).strip()).isEqualTo("2");
  }

  @Test
  void anOlderBuildDoesNotBootAfterANewerOne() throws Exception {
    try (Firmware fw = boot(build(treaty, "logging-fw 2.0", 2))) {
      fw.snapshot("");
    }
    assertRefused(
        () -> boot(build(treaty, "logging-fw 1.0", 1)), FirmwareBootException.Reason.ROLLBACK);
    // Unmeasured (unsigned) firmware counts as security version 0: it cannot run either.
    assertRefused(() -> boot(Optional.empty()), FirmwareBootException.Reason.ROLLBACK);
    // Upgrading is fine, and the counter only moves up.
    try (Firmware fw = boot(build(treaty, "logging-fw 3.0", 3))) {
      fw.snapshot("");
    }
    assertRefused(
        () -> boot(build(treaty, "logging-fw 2.0", 2)), FirmwareBootException.Reason.ROLLBACK);
  }

  @Test
  void deletingOrRewritingTheCounterFileDoesNotReopenARollback() throws Exception {
    try (Firmware fw = boot(build(treaty, "logging-fw 2.0", 2))) {
      fw.snapshot("");
    }
    Files.delete(RollbackCounter.fileFor(nvram));
    assertRefused(
        () -> boot(build(treaty, "logging-fw 1.0", 1)), FirmwareBootException.Reason.ROLLBACK);
    Files.writeString(RollbackCounter.fileFor(nvram), "0\n");
    assertRefused(
        () -> boot(build(treaty, "logging-fw 1.0", 1)), FirmwareBootException.Reason.ROLLBACK);
  }

  @Test
  void aBuildNotSignedByTheTreatyKeyOrTamperedWithDoesNotBoot() {
    KeyPair operator = new ChipKeys().generate();
    SignedFirmwareBuild forged = build(operator, "no-logging-fw 9.0", 9);
    assertThatThrownBy(() -> FirmwareBuild.verify(forged, treaty.getPublic()))
        .isInstanceOfSatisfying(
            FirmwareBootException.class,
            e -> assertThat(e.reason()).isEqualTo(FirmwareBootException.Reason.NOT_SIGNED));
    SignedFirmwareBuild good = build(treaty, "logging-fw 1.0", 1);
    FirmwareManifest raised =
        FirmwareManifest.newBuilder().setName("logging-fw 1.0").setSecurityVersion(99).build();
    SignedFirmwareBuild tampered = good.toBuilder().setManifest(raised.toByteString()).build();
    assertThatThrownBy(() -> FirmwareBuild.verify(tampered, treaty.getPublic()))
        .isInstanceOf(FirmwareBootException.class);
    assertThat(Files.exists(RollbackCounter.fileFor(nvram))).isFalse();
  }

  private interface Boot {
    Firmware run() throws IOException;
  }

  private void assertRefused(Boot boot, FirmwareBootException.Reason reason) {
    assertThatThrownBy(boot::run)
        .isInstanceOfSatisfying(
            FirmwareBootException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private Firmware boot(SignedFirmwareBuild build) throws IOException {
    return boot(Optional.of(FirmwareBuild.verify(build, treaty.getPublic())));
  }

  private Firmware boot(Optional<FirmwareBuild> build) throws IOException {
    NvramLog log = NvramLog.open(nvram);
    try {
      return Firmware.boot(
          chip.identity(),
          log,
          WeightSource.of(new float[] {1, 2}),
          Clock.systemUTC(),
          Optional.empty(),
          build);
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
  }

  static SignedFirmwareBuild build(KeyPair signer, String name, long securityVersion) {
    return FirmwareBuild.sign(
        FirmwareManifest.newBuilder()
            .setName(name)
            .setSecurityVersion(securityVersion)
            .setCodeHash(ByteString.copyFrom(Sha256.of(name.getBytes(StandardCharsets.UTF_8))))
            .build(),
        signer.getPrivate());
  }
}
