package org.chipledger.pol.transcript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories of transcripts that calibration, spoofing and benchmarks write and drop. */
public final class ScratchTranscripts {
  private ScratchTranscripts() {}

  /** Deletes {@code root} and everything in it, if it exists. */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
