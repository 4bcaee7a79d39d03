package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator tries to learn the chip's snapshot times in advance, to swap the true weights back
 * in just before each one. Nothing it holds (NVRAM files, its copies of them) lets it compute the
 * next time, and two boots of the same chip draw different schedules.
 */
class SecretScheduleTest {
  @TempDir Path dir;
  private TestChip chip;
  private Path nvram;

  @BeforeEach
  void setUp() throws IOException {
    chip = new TestChip(dir.resolve("keys"), "CHIP-S");
    nvram = dir.resolve("nvram").resolve("chip.nvram");
  }

  @Test
  void twoBootsOfTheSameChipDrawDifferentSchedules() throws IOException {
    List<Duration> first = gaps(SecretSchedule.boot(chip.identity(), open(), 0.1, 1), 8);
    byte[] sealedAfterFirst = Files.readAllBytes(SecretSchedule.fileFor(nvram));
    List<Duration> second = gaps(SecretSchedule.boot(chip.identity(), open(), 0.1, 1), 8);
    assertThat(second).isNotEqualTo(first);
    // The key itself persists: the second boot unsealed it and did not make a new one.
    assertThat(Files.readAllBytes(SecretSchedule.fileFor(nvram))).isEqualTo(sealedAfterFirst);
  }

  @Test
  void restoringEveryFileTheOperatorSavedDoesNotReplayASchedule() throws IOException {
    SecretSchedule.boot(chip.identity(), open(), 0.1, 1);
    byte[] saved = Files.readAllBytes(SecretSchedule.fileFor(nvram));
    List<Duration> observed = gaps(SecretSchedule.boot(chip.identity(), open(), 0.1, 1), 8);
    Files.write(SecretSchedule.fileFor(nvram), saved);
    assertThat(gaps(SecretSchedule.boot(chip.identity(), open(), 0.1, 1), 8))
        .isNotEqualTo(observed);
  }

  @Test
  void theScheduleKeyIsInNoFileAsPlainBytes() throws IOException {
    // The test controls the randomness, so it knows which 32 bytes the key is.
    byte[] key = new byte[32];
    new Random(5).nextBytes(key);
    SecretSchedule.boot(chip.identity(), open(), 0.1, 1, new Random(5));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).contains(SecretSchedule.fileFor(nvram));
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      // No 8-byte piece of the key, in either byte order, anywhere in any file.
      for (int at = 0; at + 8 <= key.length; at++) {
        byte[] piece = Arrays.copyOfRange(key, at, at + 8);
        assertThat(indexOf(bytes, piece)).as(file + " holds key bytes %d..", at).isNegative();
        assertThat(indexOf(bytes, reversed(piece))).as(file.toString()).isNegative();
      }
    }
  }

  @Test
  void anotherChipsKeyOrAnAlteredFileDoesNotUnseal() throws IOException {
    SecretSchedule.boot(chip.identity(), open(), 0.1, 1);
    TestChip other = new TestChip(dir.resolve("other-keys"), "CHIP-S");
    assertThatThrownBy(() -> SecretSchedule.boot(other.identity(), open(), 0.1, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not unseal");
    byte[] sealed = Files.readAllBytes(SecretSchedule.fileFor(nvram));
    sealed[sealed.length - 1] ^= 1;
    Files.write(SecretSchedule.fileFor(nvram), sealed);
    assertThatThrownBy(() -> SecretSchedule.boot(chip.identity(), open(), 0.1, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not unseal");
  }

  @Test
  void theGapsKeepThePolicyRate() throws IOException {
    // f = 2 per day: the mean gap is 12 h = 43,200 s; 20,000 draws put it within 3 %.
    PoissonSchedule schedule = SecretSchedule.boot(chip.identity(), open(), 2, 1);
    double total = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      total += schedule.nextSimulatedGap().toNanos() / 1e9;
    }
    assertThat(total / n).isBetween(43_200 * 0.97, 43_200 * 1.03);
  }

  private NvramLog open() throws IOException {
    // Each boot reads the log once and lets it go, as a restarted chip would.
    try (NvramLog log = NvramLog.open(nvram)) {
      return log;
    }
  }

  private static List<Duration> gaps(PoissonSchedule schedule, int n) {
    List<Duration> gaps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      gaps.add(schedule.nextSimulatedGap());
    }
    return gaps;
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
