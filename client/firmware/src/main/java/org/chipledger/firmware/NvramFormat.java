package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/**
 * The NVRAM log's byte layout and the rules its entries obey.
 *
 * <p>A file is an 8-byte header ({@code "CLNVRAM"} and the format version 1), then entries. An
 * entry is a big-endian u32 payload length, a big-endian u32 CRC32C over the four length bytes and
 * the payload, then the payload: the serialised {@link SignedSnapshotRecord}.
 *
 * <p>The crash model is a process killed mid-append (kill -9): the file then ends in a prefix of
 * one frame, or in zero bytes where the file system extended it. Such a tail was never fsynced, so
 * the chip never sent it, and it may be cut away. Anything else that fails a check is corruption.
 */
final class NvramFormat {
  static final int HEADER_LENGTH = 8;
  static final int FRAME_HEADER_LENGTH = 8;

  /** Records are a few hundred bytes; the bound makes a garbled length recognisable. */
  static final int MAX_PAYLOAD = 64 * 1024;

  private static final byte VERSION = 1;
  private static final byte[] HEADER = {'C', 'L', 'N', 'V', 'R', 'A', 'M', VERSION};

  private NvramFormat() {}

  static ByteBuffer header() {
    return ByteBuffer.wrap(HEADER.clone());
  }

  /** One framed entry, ready to append. */
  static ByteBuffer frame(byte[] payload) {
    if (payload.length == 0 || payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("payload of " + payload.length + " bytes");
    }
    ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_LENGTH + payload.length);
    frame.putInt(payload.length);
    frame.putInt(crc(payload.length, payload));
    frame.put(payload);
    return frame.flip();
  }

  /**
   * Checks that {@code signed} continues the chain at {@code head} for the chip {@code serial}
   * (null before the first record) and returns it as the entry it becomes at {@code offset}.
   */
  static NvramEntry admit(ChainHead head, String serial, SignedSnapshotRecord signed, long offset)
      throws NvramException {
    SnapshotRecord record;
    try {
      record = SnapshotRecord.parseFrom(signed.getRecord());
    } catch (InvalidProtocolBufferException e) {
      throw new NvramException(
          NvramError.MALFORMED_RECORD, offset, "record bytes do not parse: " + e.getMessage());
    }
    if (record.getChipSerial().isEmpty() || signed.getSignature().isEmpty()) {
      throw new NvramException(
          NvramError.MALFORMED_RECORD, offset, "record without chip serial or signature");
    }
    if (serial != null && !serial.equals(record.getChipSerial())) {
      throw new NvramException(
          NvramError.SERIAL_MISMATCH,
          offset,
          "record of " + record.getChipSerial() + " in the log of " + serial);
    }
    if (record.getCounter() != head.counter() + 1) {
      throw new NvramException(
          NvramError.COUNTER_DISCONTINUITY,
          offset,
          "counter " + record.getCounter() + " after " + head.counter());
    }
    if (!record.getPrevRecordHash().equals(head.recordHash())) {
      throw new NvramException(
          NvramError.CHAIN_BROKEN,
          offset,
          "record " + record.getCounter() + " does not link to the hash of its predecessor");
    }
    return new NvramEntry(signed, record, recordHash(signed), offset);
  }

  /** Reads and checks every entry; never modifies the file. */
  static NvramScan scan(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0) {
      return new NvramScan(List.of(), 0, 0);
    }
    byte[] header = new byte[(int) Math.min(size, HEADER_LENGTH)];
    readFully(channel, 0, ByteBuffer.wrap(header));
    if (size < HEADER_LENGTH) {
      // Creating the log was interrupted before its header was complete.
      if (Arrays.equals(header, Arrays.copyOf(HEADER, header.length)) || allZero(header)) {
        return new NvramScan(List.of(), 0, size);
      }
      throw new NvramException(NvramError.NOT_AN_NVRAM_LOG, 0, "no NVRAM log header");
    }
    if (!Arrays.equals(header, 0, HEADER_LENGTH - 1, HEADER, 0, HEADER_LENGTH - 1)) {
      throw new NvramException(NvramError.NOT_AN_NVRAM_LOG, 0, "no NVRAM log header");
    }
    if (header[HEADER_LENGTH - 1] != VERSION) {
      throw new NvramException(
          NvramError.UNSUPPORTED_VERSION, 0, "format version " + header[HEADER_LENGTH - 1]);
    }
    List<NvramEntry> entries = new ArrayList<>();
    ChainHead head = ChainHead.GENESIS;
    String serial = null;
    long position = HEADER_LENGTH;
    while (position < size) {
      Frame frame = readFrame(channel, position, size);
      if (!(frame instanceof Frame.Complete complete)) {
        if (isTornTail(channel, position, size, frame)) {
          return new NvramScan(entries, position, size - position);
        }
        throw new NvramException(NvramError.CORRUPT_ENTRY, position, frame.toString());
      }
      NvramEntry entry = admit(head, serial, parse(complete.payload(), position), position);
      entries.add(entry);
      head = entry.head();
      serial = entry.record().getChipSerial();
      position += FRAME_HEADER_LENGTH + complete.payload().size();
    }
    return new NvramScan(entries, position, 0);
  }

  /** The entry whose frame starts at {@code offset}, which an earlier scan or append checked. */
  static NvramEntry readAt(FileChannel channel, long offset) throws IOException {
    Frame frame = readFrame(channel, offset, channel.size());
    if (!(frame instanceof Frame.Complete complete)) {
      throw new NvramException(NvramError.CORRUPT_ENTRY, offset, frame.toString());
    }
    SignedSnapshotRecord signed = parse(complete.payload(), offset);
    try {
      SnapshotRecord record = SnapshotRecord.parseFrom(signed.getRecord());
      return new NvramEntry(signed, record, recordHash(signed), offset);
    } catch (InvalidProtocolBufferException e) {
      throw new NvramException(NvramError.MALFORMED_RECORD, offset, e.getMessage());
    }
  }

  /** The record hash a successor links to: SHA-256 of the exact record bytes. */
  private static ByteString recordHash(SignedSnapshotRecord signed) {
    return ByteString.copyFrom(Sha256.of(signed.getRecord().toByteArray()));
  }

  /** What the bytes at one position hold. */
  private sealed interface Frame {
    record Complete(ByteString payload) implements Frame {}

    /** Fewer bytes remain than the frame header or its declared length needs. */
    record Incomplete(long available) implements Frame {}

    record BadLength(int length) implements Frame {}

    record BadChecksum(int length) implements Frame {}
  }

  private static Frame readFrame(FileChannel channel, long position, long size) throws IOException {
    long available = size - position;
    if (available < FRAME_HEADER_LENGTH) {
      return new Frame.Incomplete(available);
    }
    ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER_LENGTH);
    readFully(channel, position, header);
    int length = header.getInt(0);
    int crc = header.getInt(4);
    if (length <= 0 || length > MAX_PAYLOAD) {
      return new Frame.BadLength(length);
    }
    if (available < FRAME_HEADER_LENGTH + (long) length) {
      return new Frame.Incomplete(available);
    }
    byte[] payload = new byte[length];
    readFully(channel, position + FRAME_HEADER_LENGTH, ByteBuffer.wrap(payload));
    return crc(length, payload) == crc
        ? new Frame.Complete(ByteString.copyFrom(payload))
        : new Frame.BadChecksum(length);
  }

  /**
   * A tail is torn when it is all zero bytes, or when it is an unfinished frame after which no
   * valid frame starts: appends are sequential, so nothing durable can follow an interrupted one. A
   * complete frame with a wrong checksum is corruption, not a tear.
   */
  private static boolean isTornTail(FileChannel channel, long position, long size, Frame frame)
      throws IOException {
    long remaining = size - position;
    if (remaining >= FRAME_HEADER_LENGTH + (long) MAX_PAYLOAD) {
      return false; // longer than any single frame: not one interrupted append
    }
    byte[] tail = new byte[(int) remaining];
    readFully(channel, position, ByteBuffer.wrap(tail));
    if (allZero(tail)) {
      return true;
    }
    if (frame instanceof Frame.BadChecksum) {
      return false;
    }
    for (int start = 1; start + FRAME_HEADER_LENGTH < tail.length; start++) {
      if (validFrameAt(tail, start)) {
        return false;
      }
    }
    return true;
  }

  private static boolean validFrameAt(byte[] bytes, int start) {
    ByteBuffer view = ByteBuffer.wrap(bytes);
    int length = view.getInt(start);
    if (length <= 0 || length > bytes.length - start - FRAME_HEADER_LENGTH) {
      return false;
    }
    byte[] payload = Arrays.copyOfRange(bytes, start + 8, start + 8 + length);
    return crc(length, payload) == view.getInt(start + 4);
  }

  private static SignedSnapshotRecord parse(ByteString payload, long offset) throws NvramException {
    try {
      return SignedSnapshotRecord.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new NvramException(
          NvramError.MALFORMED_RECORD, offset, "entry is not a signed record: " + e.getMessage());
    }
  }

  private static int crc(int length, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(0, length));
    crc.update(payload);
    return (int) crc.getValue();
  }

  private static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  static void readFully(FileChannel channel, long position, ByteBuffer into) throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int n = channel.read(into, at);
      if (n < 0) {
        throw new EOFException("NVRAM log ends at byte " + at);
      }
      at += n;
    }
  }
}
