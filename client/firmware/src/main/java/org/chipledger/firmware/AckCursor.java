package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last counter the agent acknowledged, kept in a side file next to the NVRAM log so that a
 * restarted chip does not resend everything. It is a hint: losing it or finding it stale only makes
 * the chip resend records, which the agent answers as replays of what it already holds. The file is
 * one line, {@code <counter> <record hash hex>}, and the hash must match the log.
 */
public final class AckCursor {
  private static final Logger LOG = LoggerFactory.getLogger(AckCursor.class);
  private static final HexFormat HEX = HexFormat.of();

  private final Path file;
  private ChainHead acked;

  private AckCursor(Path file, ChainHead acked) {
    this.file = file;
    this.acked = acked;
  }

  /** The cursor file of the log at {@code nvram}: {@code <nvram>.acked}. */
  public static Path fileFor(Path nvram) {
    return nvram.resolveSibling(nvram.getFileName() + ".acked");
  }

  /** Loads the cursor of {@code log}; a missing, unreadable or stale file means nothing acked. */
  public static AckCursor load(NvramLog log) throws IOException {
    Path file = fileFor(log.file());
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return new AckCursor(file, ChainHead.GENESIS);
    }
    ChainHead parsed = parse(text);
    if (parsed == null) {
      LOG.warn("ack cursor {} is unreadable; the chip will resend its log", file);
      return new AckCursor(file, ChainHead.GENESIS);
    }
    if (parsed.counter() > log.head().counter()
        || (parsed.counter() > 0
            && !log.entry(parsed.counter()).recordHash().equals(parsed.recordHash()))) {
      LOG.warn(
          "ack cursor {} names record {} that this NVRAM log does not hold; the chip will resend"
              + " its log",
          file,
          parsed.counter());
      return new AckCursor(file, ChainHead.GENESIS);
    }
    return new AckCursor(file, parsed);
  }

  /** The last acknowledged counter and record hash. */
  public synchronized ChainHead acked() {
    return acked;
  }

  /** Moves the cursor to {@code head} and writes it; a failed write only costs resends later. */
  public synchronized void advance(ChainHead head) {
    if (head.counter() <= acked.counter()) {
      return;
    }
    acked = head;
    try {
      replace(file, head.counter() + " " + HEX.formatHex(head.recordHash().toByteArray()) + "\n");
    } catch (IOException e) {
      LOG.warn("cannot write ack cursor {}: {}", file, e.getMessage());
    }
  }

  /** Replaces {@code file}'s content with {@code line}, through a renamed temporary file. */
  static void replace(Path file, String line) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, line);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static ChainHead parse(String text) {
    int space = text.indexOf(' ');
    if (space < 0) {
      return null;
    }
    try {
      return new ChainHead(
          Long.parseLong(text.substring(0, space)),
          ByteString.copyFrom(HEX.parseHex(text.substring(space + 1))));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
