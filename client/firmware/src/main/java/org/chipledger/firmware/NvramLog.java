package org.chipledger.firmware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chip's firmware-only, append-only log of signed snapshot records (the NVRAM of paper §4). Every
 * append is fsynced before it returns, so a record the chip sends is always in its log. Opening a
 * log restores its entries and head and cuts away a torn tail; see {@link NvramFormat} for the
 * layout. One process at a time may hold a log open for appending.
 */
public final class NvramLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NvramLog.class);

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private long[] offsets;
  private ChainHead head;
  private String serial;
  private long size;
  private boolean failed;

  private NvramLog(Path file, FileChannel channel, FileLock lock, NvramScan scan, long size) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.offsets = new long[Math.max(16, scan.entries().size() * 2)];
    for (int i = 0; i < scan.entries().size(); i++) {
      offsets[i] = scan.entries().get(i).offset();
    }
    this.head = scan.head();
    this.serial = scan.entries().isEmpty() ? null : scan.entries().get(0).record().getChipSerial();
    this.size = size;
  }

  /** Opens the log at {@code file}, creating it if missing and truncating a torn tail. */
  public static NvramLog open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    try {
      FileLock lock = lock(channel, file);
      NvramScan scan = NvramFormat.scan(channel);
      if (scan.tornBytes() > 0) {
        // The torn bytes were never fsynced, so the chip never sent them: cutting them loses
        // nothing that left the chip.
        LOG.warn(
            "NVRAM log {}: truncated a torn tail of {} bytes at offset {} (an append interrupted"
                + " before it was durable); head is counter {}",
            file,
            scan.tornBytes(),
            scan.validLength(),
            scan.head().counter());
        channel.truncate(scan.validLength());
        channel.force(true);
      }
      long size = scan.validLength();
      if (size == 0) {
        writeFully(channel, 0, NvramFormat.header());
        channel.force(true);
        syncDirectory(parent);
        size = NvramFormat.HEADER_LENGTH;
      }
      return new NvramLog(file, channel, lock, scan, size);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The valid entries of the log at {@code file}, oldest first; reads only, never repairs. */
  public static List<NvramEntry> read(Path file) throws IOException {
    return scan(file).entries();
  }

  /** The valid entries, the valid length and any torn tail of the log at {@code file}. */
  public static NvramScan scan(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return NvramFormat.scan(channel);
    }
  }

  /**
   * The log digest inspectors record: SHA-256 over the file's valid prefix (header and every valid
   * entry, without a torn tail), i.e. {@code head -c <valid length> FILE | sha256sum}.
   */
  public static byte[] digest(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long valid = NvramFormat.scan(channel).validLength();
      MessageDigest sha = Sha256.newDigest();
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      for (long at = 0; at < valid; ) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), valid - at));
        NvramFormat.readFully(channel, at, buffer);
        at += buffer.flip().remaining();
        sha.update(buffer);
      }
      return sha.digest();
    }
  }

  /**
   * Appends {@code signed}, which must continue the chain at {@link #head()}, and returns once it
   * is on stable storage.
   */
  public synchronized NvramEntry append(SignedSnapshotRecord signed) throws IOException {
    if (failed) {
      throw new IOException("NVRAM log " + file + " failed an earlier append; reopen it");
    }
    NvramEntry entry = NvramFormat.admit(head, serial, signed, size);
    ByteBuffer frame = NvramFormat.frame(signed.toByteArray());
    int length = frame.remaining();
    try {
      writeFully(channel, size, frame);
      channel.force(true);
    } catch (IOException e) {
      // Take the partial frame back out, or later appends would land behind garbage.
      try {
        channel.truncate(size);
        channel.force(true);
      } catch (IOException cleanup) {
        failed = true;
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    int index = (int) head.counter();
    if (index == offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    offsets[index] = size;
    size += length;
    head = entry.head();
    serial = entry.record().getChipSerial();
    return entry;
  }

  /** The last counter and record hash; {@link ChainHead#GENESIS} for an empty log. */
  public synchronized ChainHead head() {
    return head;
  }

  /** The chip whose records the log holds; empty before the first record. */
  public synchronized Optional<String> chipSerial() {
    return Optional.ofNullable(serial);
  }

  /** The entry with {@code counter}, between 1 and the head counter. */
  public synchronized NvramEntry entry(long counter) throws IOException {
    if (counter < 1 || counter > head.counter()) {
      throw new IllegalArgumentException(
          "no entry " + counter + "; the log holds 1.." + head.counter());
    }
    return NvramFormat.readAt(channel, offsets[(int) (counter - 1)]);
  }

  /** The entries after {@code counter}, oldest first: e.g. what an agent has not acknowledged. */
  public synchronized List<NvramEntry> entriesAfter(long counter) throws IOException {
    List<NvramEntry> after = new ArrayList<>();
    for (long c = Math.max(counter, 0) + 1; c <= head.counter(); c++) {
      after.add(entry(c));
    }
    return after;
  }

  /** Every entry, oldest first. */
  public List<NvramEntry> entries() throws IOException {
    return entriesAfter(0);
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel.isOpen()) {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }

  private static FileLock lock(FileChannel channel, Path file) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new NvramException(NvramError.LOG_IN_USE, 0, file + " is open in another firmware");
    }
    return lock;
  }

  private static void writeFully(FileChannel channel, long position, ByteBuffer bytes)
      throws IOException {
    long at = position;
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
  }

  /** Makes a new file's directory entry durable too, not just its contents. */
  private static void syncDirectory(Path dir) {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory; the file's own fsync is all they offer.
      LOG.debug("cannot fsync directory {}: {}", dir, e.getMessage());
    }
  }
}
