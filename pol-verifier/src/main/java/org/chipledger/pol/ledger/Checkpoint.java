package org.chipledger.pol.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The daemon's durable position in the event stream: the block of the last event it handled and how
 * many of that block's events it has handled. Written to a temporary file, synced and renamed, so a
 * crash leaves either the old or the new position.
 *
 * @param block the block of the last handled event; 0 before any
 * @param eventsInBlock events of {@code block} already handled, in chain order
 */
public record Checkpoint(long block, int eventsInBlock) {
  /** The position before the first block. */
  public static final Checkpoint START = new Checkpoint(0, 0);

  /** Validates the position. */
  public Checkpoint {
    if (block < 0 || eventsInBlock < 0) {
      throw new IllegalArgumentException("invalid checkpoint " + block + "/" + eventsInBlock);
    }
  }

  /** Whether the {@code index}-th event (1-based) of {@code eventBlock} is at or before this. */
  public boolean covers(long eventBlock, int index) {
    return eventBlock < block || (eventBlock == block && index <= eventsInBlock);
  }

  /** Reads the checkpoint in {@code file}, or {@link #START} if there is none yet. */
  public static Checkpoint read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return START;
    }
    String[] parts = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
    try {
      if (parts.length != 2) {
        throw new NumberFormatException("expected '<block> <events>'");
      }
      return new Checkpoint(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      throw new IOException("checkpoint " + file + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** Replaces the checkpoint in {@code file} durably. */
  public void write(Path file) throws IOException {
    byte[] bytes =
        String.format(Locale.ROOT, "%d %d%n", block, eventsInBlock)
            .getBytes(StandardCharsets.UTF_8);
    DurableFile.write(
        file, bytes, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
