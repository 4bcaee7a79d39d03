package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last record the chip holds a ledger commit proof for, and that proof's block, kept in the
 * firmware's NVRAM next to the log ({@code <nvram>.anchored}, one line {@code <counter> <record
 * hash hex> <block>}). Unlike the ack cursor it is not a hint: records after it are pending, and
 * the block bounds which proofs the chip still takes. A missing or stale file only makes the chip
 * ask for every proof again.
 */
final class AnchorCursor {
  private static final Logger LOG = LoggerFactory.getLogger(AnchorCursor.class);
  private static final HexFormat HEX = HexFormat.of();

  private final Path file;
  private ChainHead anchored;
  private long block;

  private AnchorCursor(Path file, ChainHead anchored, long block) {
    this.file = file;
    this.anchored = anchored;
    this.block = block;
  }

  static Path fileFor(Path nvram) {
    return nvram.resolveSibling(nvram.getFileName() + ".anchored");
  }

  static AnchorCursor load(NvramLog log) throws IOException {
    Path file = fileFor(log.file());
    String[] parts;
    try {
      parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
    } catch (NoSuchFileException e) {
      return new AnchorCursor(file, ChainHead.GENESIS, 0);
    }
    try {
      ChainHead head =
          new ChainHead(Long.parseLong(parts[0]), ByteString.copyFrom(HEX.parseHex(parts[1])));
      long block = Long.parseLong(parts[2]);
      if (head.counter() <= log.head().counter()
          && (head.counter() == 0
              || log.entry(head.counter()).recordHash().equals(head.recordHash()))) {
        return new AnchorCursor(file, head, block);
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      // falls through: unreadable
    }
    LOG.warn("anchor cursor {} does not match the NVRAM log; every record is pending again", file);
    return new AnchorCursor(file, ChainHead.GENESIS, 0);
  }

  synchronized ChainHead anchored() {
    return anchored;
  }

  /** The block of the last anchored record: no later record's proof may name an older one. */
  synchronized long block() {
    return block;
  }

  synchronized void advance(ChainHead head, long inBlock) throws IOException {
    AckCursor.replace(
        file,
        head.counter()
            + " "
            + HEX.formatHex(head.recordHash().toByteArray())
            + " "
            + inBlock
            + "\n");
    anchored = head;
    block = inBlock;
  }
}
