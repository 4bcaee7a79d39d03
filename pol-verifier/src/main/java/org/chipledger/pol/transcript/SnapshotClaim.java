package org.chipledger.pol.transcript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.chipledger.crypto.Sha256;

/**
 * A chip-logged weight snapshot as the ledger holds it: the training step and the chip's weight
 * hash ({@link org.chipledger.pol.model.Weights#chipHash}). Lists of them are exchanged as text
 * files, one {@code <step> <hex sha256>} per line.
 */
public record SnapshotClaim(int step, byte[] sha256) {
  /** Name of the chip-log file that train and attack write inside the transcript directory. */
  public static final String FILE_NAME = "snapshots.txt";

  /** Validates the step and digest length. */
  public SnapshotClaim {
    if (step < 0) {
      throw new IllegalArgumentException("snapshot step must be non-negative, got " + step);
    }
    if (sha256.length != Sha256.LENGTH) {
      throw new IllegalArgumentException("snapshot hash must be 32 bytes");
    }
    sha256 = sha256.clone();
  }

  /** A copy of the digest. */
  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  /**
   * File name under which a prover may supply the snapshot's weights in its transcript directory.
   */
  public String weightsFileName() {
    return String.format(Locale.ROOT, "snapshot-%08d.f32", step);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SnapshotClaim c && c.step == step && Arrays.equals(c.sha256, sha256);
  }

  @Override
  public int hashCode() {
    return 31 * step + Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return step + " " + Sha256.hex(sha256);
  }

  /** Writes the claims, one per line. */
  public static void writeAll(Path file, List<SnapshotClaim> claims) throws IOException {
    StringBuilder text = new StringBuilder();
    for (SnapshotClaim claim : claims) {
      text.append(claim).append('\n');
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /**
   * Reads claims written by {@link #writeAll}; blank lines and lines starting with '#' are skipped.
   *
   * @throws IllegalArgumentException naming the first malformed line
   */
  public static List<SnapshotClaim> readAll(Path file) throws IOException {
    List<SnapshotClaim> claims = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", -1);
      try {
        if (parts.length != 2) {
          throw new IllegalArgumentException("expected '<step> <sha256 hex>'");
        }
        claims.add(new SnapshotClaim(Integer.parseInt(parts[0]), Sha256.parseDigest(parts[1])));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            file.getFileName() + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return claims;
  }
}
