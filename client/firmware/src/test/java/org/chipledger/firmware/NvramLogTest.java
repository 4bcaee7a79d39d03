package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvramLogTest {
  @TempDir Path dir;
  private TestChip chip;
  private Path file;

  @BeforeEach
  void setUp() throws IOException {
    chip = new TestChip(dir.resolve("keys"), "CHIP-1");
    file = dir.resolve("nvram/CHIP-1.log");
  }

  @Test
  void reopeningRestoresEveryEntryAndTheHead() throws IOException {
    List<SignedSnapshotRecord> chain = chip.chain(3);
    ChainHead head;
    try (NvramLog log = NvramLog.open(file)) {
      assertThat(log.head()).isEqualTo(ChainHead.GENESIS);
      for (SignedSnapshotRecord signed : chain) {
        log.append(signed);
      }
      head = log.head();
    }
    try (NvramLog log = NvramLog.open(file)) {
      assertThat(log.head()).isEqualTo(head);
      assertThat(log.head().counter()).isEqualTo(3);
      assertThat(log.chipSerial()).contains("CHIP-1");
      assertThat(log.entries()).extracting(NvramEntry::signed).containsExactlyElementsOf(chain);
      assertThat(log.entriesAfter(1)).extracting(NvramEntry::counter).containsExactly(2L, 3L);
      assertThat(log.entry(3).recordHash()).isEqualTo(head.recordHash());
    }
    assertThat(NvramLog.read(file)).extracting(NvramEntry::signed).containsExactlyElementsOf(chain);
  }

  @Test
  void appendRefusesARecordThatDoesNotContinueTheChain() throws IOException {
    List<SignedSnapshotRecord> chain = chip.chain(3);
    try (NvramLog log = NvramLog.open(file)) {
      log.append(chain.get(0));
      assertThatThrownBy(() -> log.append(chain.get(2)))
          .isInstanceOfSatisfying(
              NvramException.class,
              e -> assertThat(e.error()).isEqualTo(NvramError.COUNTER_DISCONTINUITY));
      SignedSnapshotRecord forkedTwo = chip.next(new ChainHead(1, ChainHead.GENESIS_HASH), "x");
      assertThatThrownBy(() -> log.append(forkedTwo))
          .isInstanceOfSatisfying(
              NvramException.class, e -> assertThat(e.error()).isEqualTo(NvramError.CHAIN_BROKEN));
      TestChip other = new TestChip(dir.resolve("keys"), "CHIP-2");
      SignedSnapshotRecord foreign = other.next(log.head(), "x");
      assertThatThrownBy(() -> log.append(foreign))
          .isInstanceOfSatisfying(
              NvramException.class,
              e -> assertThat(e.error()).isEqualTo(NvramError.SERIAL_MISMATCH));
      assertThat(log.head().counter()).isEqualTo(1);
    }
    assertThat(NvramLog.read(file)).hasSize(1);
  }

  @Test
  void aTornTailIsCutAwayOnOpenAndTheLogGoesOn() throws IOException {
    List<SignedSnapshotRecord> chain = chip.chain(3);
    long sizeAfterTwo;
    try (NvramLog log = NvramLog.open(file)) {
      log.append(chain.get(0));
      log.append(chain.get(1));
      sizeAfterTwo = Files.size(file);
      log.append(chain.get(2));
    }
    // A kill -9 in the middle of the third append: only part of its frame reached the file.
    truncate(file, Files.size(file) - 5);
    byte[] digestBefore = NvramLog.digest(file);

    NvramScan scan = NvramLog.scan(file);
    assertThat(scan.entries()).hasSize(2);
    assertThat(scan.validLength()).isEqualTo(sizeAfterTwo);
    assertThat(scan.tornBytes()).isPositive();
    assertThat(Files.size(file)).as("reading never repairs").isGreaterThan(sizeAfterTwo);

    try (NvramLog log = NvramLog.open(file)) {
      assertThat(Files.size(file)).isEqualTo(sizeAfterTwo);
      assertThat(log.head().counter()).isEqualTo(2);
      log.append(chain.get(2));
    }
    assertThat(NvramLog.read(file)).extracting(NvramEntry::signed).containsExactlyElementsOf(chain);
    assertThat(digestBefore).isEqualTo(sha256(Arrays.copyOf(readAll(), (int) sizeAfterTwo)));
  }

  @Test
  void aZeroFilledTailIsTornToo() throws IOException {
    try (NvramLog log = NvramLog.open(file)) {
      log.append(chip.chain(1).get(0));
    }
    long size = Files.size(file);
    Files.write(file, new byte[300], StandardOpenOption.APPEND);
    try (NvramLog log = NvramLog.open(file)) {
      assertThat(log.head().counter()).isEqualTo(1);
    }
    assertThat(Files.size(file)).isEqualTo(size);
  }

  @Test
  void aCorruptedEntryBeforeTheTailIsAnErrorWithItsCode() throws IOException {
    try (NvramLog log = NvramLog.open(file)) {
      for (SignedSnapshotRecord signed : chip.chain(3)) {
        log.append(signed);
      }
    }
    long second = NvramLog.read(file).get(1).offset();
    byte[] bytes = readAll();
    bytes[(int) second + 20] ^= 0x01; // one flipped bit inside entry 2's payload
    Files.write(file, bytes);

    for (ThrowingOpen open :
        List.<ThrowingOpen>of(() -> NvramLog.open(file).close(), () -> NvramLog.read(file))) {
      assertThatThrownBy(open::run)
          .isInstanceOfSatisfying(
              NvramException.class,
              e -> {
                assertThat(e.error()).isEqualTo(NvramError.CORRUPT_ENTRY);
                assertThat(e.error().number()).isEqualTo(3);
                assertThat(e.offset()).isEqualTo(second);
              });
    }
    assertThat(readAll()).as("a corrupt log is left as evidence").isEqualTo(bytes);
  }

  @Test
  void aGarbledLengthInTheMiddleIsNotMistakenForATornTail() throws IOException {
    try (NvramLog log = NvramLog.open(file)) {
      for (SignedSnapshotRecord signed : chip.chain(3)) {
        log.append(signed);
      }
    }
    long second = NvramLog.read(file).get(1).offset();
    byte[] bytes = readAll();
    // Entry 2's length now points past the end of the file, as an unfinished append would.
    ByteBuffer.wrap(bytes).putInt((int) second, 60_000);
    Files.write(file, bytes);
    assertThatThrownBy(() -> NvramLog.read(file))
        .isInstanceOfSatisfying(
            NvramException.class, e -> assertThat(e.error()).isEqualTo(NvramError.CORRUPT_ENTRY));
  }

  @Test
  void aFileThatIsNotALogIsRefused() throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "hello, this is not NVRAM");
    assertThatThrownBy(() -> NvramLog.open(file))
        .isInstanceOfSatisfying(
            NvramException.class,
            e -> assertThat(e.error()).isEqualTo(NvramError.NOT_AN_NVRAM_LOG));
  }

  @Test
  void onlyOneFirmwareMayHoldTheLog() throws IOException {
    try (NvramLog log = NvramLog.open(file)) {
      assertThatThrownBy(() -> NvramLog.open(file))
          .isInstanceOfSatisfying(
              NvramException.class, e -> assertThat(e.error()).isEqualTo(NvramError.LOG_IN_USE));
    }
  }

  @Test
  void theDigestIsTheSha256OfTheValidPrefixAndChangesWithEachEntry() throws IOException {
    byte[] empty;
    try (NvramLog log = NvramLog.open(file)) {
      empty = NvramLog.digest(file);
      log.append(chip.chain(1).get(0));
    }
    byte[] one = NvramLog.digest(file);
    assertThat(empty).isEqualTo(sha256(Arrays.copyOf(readAll(), 8)));
    assertThat(one).isEqualTo(sha256(readAll())).isNotEqualTo(empty);
  }

  @FunctionalInterface
  private interface ThrowingOpen {
    void run() throws IOException;
  }

  private byte[] readAll() throws IOException {
    return Files.readAllBytes(file);
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    return Sha256.of(bytes);
  }
}
