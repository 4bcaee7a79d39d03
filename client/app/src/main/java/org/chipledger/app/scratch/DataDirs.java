package org.chipledger.app.scratch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories that the demo and the benchmark recreate on every run. */
public final class DataDirs {
  private DataDirs() {}

  /** The file that marks a directory as the demo's scratch, which a later demo may wipe. */
  public static final String SCRATCH_MARKER = ".chipledger-scratch";

  /**
   * Empties {@code dir} and marks it as scratch. A directory other than {@code usual} that holds
   * files but no marker is someone's data, not a scratch directory: it is left alone.
   *
   * @throws IllegalArgumentException if {@code dir} holds data that no demo or benchmark wrote
   */
  public static void recreateScratch(Path dir, Path usual) {
    if (!dir.normalize().equals(usual.normalize())
        && Files.isDirectory(dir)
        && !Files.exists(dir.resolve(SCRATCH_MARKER))
        && !isEmpty(dir)) {
      throw new IllegalArgumentException(
          dir
              + " holds data that no demo wrote, and the demo recreates its directory: choose a"
              + " new or empty one");
    }
    recreate(dir);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(SCRATCH_MARKER), "recreated by chipledger on every run\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  public static void recreate(Path dir) {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot clear " + dir, e);
      }
    }
  }
}
