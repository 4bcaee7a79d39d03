package org.chipledger.pol.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a small file so that a crash leaves either no new content or all of it: the bytes go to a
 * temporary sibling, are synced, and the sibling is renamed over the file.
 */
final class DurableFile {
  private DurableFile() {}

  /** Writes {@code bytes} to {@code file}, moving the synced temporary file with {@code move}. */
  static void write(Path file, byte[] bytes, CopyOption... move) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(bytes));
      channel.force(true);
    }
    Files.move(tmp, file, move);
  }
}
