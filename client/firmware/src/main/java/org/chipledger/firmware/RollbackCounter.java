package org.chipledger.firmware;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The chip's monotonic anti-rollback counter (paper fn 11): the highest firmware security version
 * it has ever booted, kept in NVRAM next to the log. A build below it does not boot. Deleting or
 * rewriting the counter file does not reopen a rollback: the newest record in the hash-chained log
 * names the security version that made it, and the counter never reads lower than that.
 */
public final class RollbackCounter {
  private RollbackCounter() {}

  /** The counter file of the log at {@code nvram}: {@code <nvram>.svn}. */
  public static Path fileFor(Path nvram) {
    return nvram.resolveSibling(nvram.getFileName() + ".svn");
  }

  /** The highest security version the chip whose log this is has run. */
  public static long level(NvramLog log) throws IOException {
    long stored = 0;
    try {
      String text = Files.readString(fileFor(log.file()), StandardCharsets.US_ASCII).strip();
      stored = Long.parseUnsignedLong(text);
    } catch (NoSuchFileException | NumberFormatException e) {
      stored = 0;
    }
    long logged =
        log.head().counter() == 0
            ? 0
            : log.entry(log.head().counter()).record().getSecurityVersion();
    return Long.compareUnsigned(stored, logged) >= 0 ? stored : logged;
  }

  /**
   * Lets a build of {@code securityVersion} boot, raising the counter to it; refuses one below the
   * counter.
   */
  static void admit(NvramLog log, long securityVersion, String build) throws IOException {
    long level = level(log);
    if (Long.compareUnsigned(securityVersion, level) < 0) {
      throw new FirmwareBootException(
          FirmwareBootException.Reason.ROLLBACK,
          build
              + " has security version "
              + Long.toUnsignedString(securityVersion)
              + ", below the chip's anti-rollback counter "
              + Long.toUnsignedString(level));
    }
    if (securityVersion != level) {
      NvramFiles.replace(
          fileFor(log.file()),
          (Long.toUnsignedString(securityVersion) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
  }
}
