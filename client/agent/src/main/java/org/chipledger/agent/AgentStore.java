package org.chipledger.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.chipledger.client.storage.DurableRocks;
import org.chipledger.proto.ledger.v1.ChipSnapshotHead;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.snapshot.v1.AgentBatch;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The agent's write-ahead store in RocksDB. Column families:
 *
 * <ul>
 *   <li>{@code journal}: 8-byte big-endian position → SignedSnapshotRecord bytes, in arrival order;
 *   <li>{@code heads}: chip serial → the chip's newest accepted {@code ChipSnapshotHead};
 *   <li>{@code positions}: serial, 0x00, 8-byte counter → journal position;
 *   <li>{@code batches}: 8-byte batch number → {@code AgentBatch};
 *   <li>{@code meta}: the next journal position, the sealed prefix and the next batch number.
 * </ul>
 *
 * <p>Every write is fsynced before it returns, so a record is acknowledged only once it is durable.
 */
final class AgentStore implements AutoCloseable {
  private static final List<String> FAMILIES =
      List.of("journal", "heads", "positions", "batches", "meta");
  private static final byte[] NEXT_POSITION = bytes("next-position");
  private static final byte[] SEALED_UP_TO = bytes("sealed-up-to");
  private static final byte[] NEXT_BATCH = bytes("next-batch");
  private static final byte[] PROBE = bytes("probe");

  private final DurableRocks db;
  private final org.rocksdb.ColumnFamilyHandle journal;
  private final org.rocksdb.ColumnFamilyHandle heads;
  private final org.rocksdb.ColumnFamilyHandle positions;
  private final org.rocksdb.ColumnFamilyHandle batches;
  private final org.rocksdb.ColumnFamilyHandle meta;

  /** A record accepted for the journal with the chip head it produces. */
  record Entry(SignedSnapshotRecord signed, ChipSnapshotHead head) {}

  private AgentStore(DurableRocks db) {
    this.db = db;
    journal = db.family("journal");
    heads = db.family("heads");
    positions = db.family("positions");
    batches = db.family("batches");
    meta = db.family("meta");
  }

  static AgentStore open(Path dir) {
    try {
      return new AgentStore(DurableRocks.open(dir, !DurableRocks.exists(dir), FAMILIES));
    } catch (RocksDBException e) {
      throw new IllegalStateException(
          "cannot open the agent store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Appends entries at {@code firstPosition}, … in one durable write. */
  void append(long firstPosition, List<Entry> entries) {
    try (WriteBatch batch = new WriteBatch()) {
      long position = firstPosition;
      for (Entry entry : entries) {
        batch.put(journal, u64(position), entry.signed().toByteArray());
        batch.put(heads, bytes(entry.head().getChipSerial()), entry.head().toByteArray());
        batch.put(
            positions,
            positionKey(entry.head().getChipSerial(), entry.head().getCounter()),
            u64(position));
        position++;
      }
      batch.put(meta, NEXT_POSITION, u64(position));
      db.write(batch);
    } catch (RocksDBException e) {
      throw failed("append to the journal", e);
    }
  }

  /** A durable write that changes nothing the agent reads: does the journal take writes? */
  void probe() {
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(meta, PROBE, u64(System.currentTimeMillis()));
      db.write(batch);
    } catch (RocksDBException e) {
      throw failed("write a probe", e);
    }
  }

  long nextPosition() {
    return counter(NEXT_POSITION, 0);
  }

  long sealedUpTo() {
    return counter(SEALED_UP_TO, 0);
  }

  long nextBatchSeq() {
    return counter(NEXT_BATCH, 1);
  }

  Optional<ChipSnapshotHead> head(String serial) {
    return Optional.ofNullable(get(heads, bytes(serial)))
        .map(b -> parse(b, ChipSnapshotHead.parser()));
  }

  OptionalLong position(String serial, long counter) {
    byte[] position = get(positions, positionKey(serial, counter));
    return position == null ? OptionalLong.empty() : OptionalLong.of(u64(position));
  }

  SignedSnapshotRecord record(long position) {
    byte[] bytes = get(journal, u64(position));
    if (bytes == null) {
      throw new IllegalStateException("the journal has no entry " + position);
    }
    return parse(bytes, SignedSnapshotRecord.parser());
  }

  /** Journal entries in [from, to). */
  List<SignedSnapshotRecord> records(long from, long to) {
    List<SignedSnapshotRecord> records = new ArrayList<>();
    try (ReadOptions read = new ReadOptions();
        RocksIterator it = db.iterator(journal, read)) {
      for (it.seek(u64(from)); it.isValid() && u64(it.key()) < to; it.next()) {
        records.add(parse(it.value(), SignedSnapshotRecord.parser()));
      }
    }
    return records;
  }

  /** Records a sealed batch and moves the sealed prefix past it, atomically. */
  void seal(AgentBatch sealed) {
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(batches, u64(sealed.getBatchSeq()), sealed.toByteArray());
      batch.put(meta, SEALED_UP_TO, u64(sealed.getEndPosition()));
      batch.put(meta, NEXT_BATCH, u64(sealed.getBatchSeq() + 1));
      db.write(batch);
    } catch (RocksDBException e) {
      throw failed("seal a batch", e);
    }
  }

  void update(AgentBatch batch) {
    try (WriteBatch write = new WriteBatch()) {
      write.put(batches, u64(batch.getBatchSeq()), batch.toByteArray());
      db.write(write);
    } catch (RocksDBException e) {
      throw failed("update batch " + batch.getBatchSeq(), e);
    }
  }

  /** Every sealed batch, in sequence. */
  List<AgentBatch> batches() {
    List<AgentBatch> all = new ArrayList<>();
    try (ReadOptions read = new ReadOptions();
        RocksIterator it = db.iterator(batches, read)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        all.add(parse(it.value(), AgentBatch.parser()));
      }
    }
    return all;
  }

  @Override
  public void close() {
    db.close();
  }

  private long counter(byte[] key, long initial) {
    byte[] value = get(meta, key);
    return value == null ? initial : u64(value);
  }

  private byte[] get(org.rocksdb.ColumnFamilyHandle family, byte[] key) {
    try {
      return db.get(family, key);
    } catch (RocksDBException e) {
      throw failed("read", e);
    }
  }

  private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the agent store holds a corrupt entry", e);
    }
  }

  private static IllegalStateException failed(String what, RocksDBException e) {
    return new IllegalStateException("agent store: cannot " + what + ": " + e.getMessage(), e);
  }

  private static byte[] positionKey(String serial, long counter) {
    byte[] s = bytes(serial);
    return ByteBuffer.allocate(s.length + 9).put(s).put((byte) 0).putLong(counter).array();
  }

  static byte[] u64(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  static long u64(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
