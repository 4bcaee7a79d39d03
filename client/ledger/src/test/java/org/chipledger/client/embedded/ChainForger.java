package org.chipledger.client.embedded;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * The strategic cheater's tool: rewrites one record of a closed ledger, then recomputes every later
 * header (data hash, write-set hash, state digest, link) and signs them with the key it has.
 */
final class ChainForger {
  private ChainForger() {}

  /** A signer of forged headers: the node's own key if the cheater can read it, or another. */
  interface Signer {
    byte[] sign(byte[] header);
  }

  static void rewrite(Path dir, TxPosition target, UnaryOperator<TxRecord> change, Signer signer)
      throws Exception {
    List<BlockHeader> headers = new ArrayList<>();
    List<List<byte[]>> records = new ArrayList<>();
    try (LedgerStore store = LedgerStore.openLogOnly(dir);
        ReadOptions read = new ReadOptions();
        RocksIterator blocks = store.iterator(store.blocks, read);
        RocksIterator txs = store.iterator(store.txs, read)) {
      for (blocks.seekToFirst(); blocks.isValid(); blocks.next()) {
        headers.add(BlockHeader.parseFrom(blocks.value()));
        records.add(new ArrayList<>());
      }
      for (txs.seekToFirst(); txs.isValid(); txs.next()) {
        TxPosition position = TxPosition.of(txs.key());
        byte[] bytes = txs.value();
        if (position.equals(target)) {
          bytes = change.apply(TxRecord.parseFrom(bytes)).toByteArray();
        }
        records.get((int) position.block()).add(bytes);
      }
    }
    RawRocks.put(dir, "txs", target.bytes(), records.get((int) target.block()).get(target.index()));
    byte[] previousHash = null;
    byte[] previousDigest = null;
    for (int n = 0; n < headers.size(); n++) {
      BlockHeader header = headers.get(n);
      if (n < target.block()) {
        previousHash = Sha256.of(header.toByteArray());
        previousDigest = header.getStateDigest().toByteArray();
        continue;
      }
      MessageDigest dataHash = Sha256.newDigest();
      StateCommitment commitment = new StateCommitment();
      for (byte[] bytes : records.get(n)) {
        dataHash.update(Sha256.of(bytes));
        TxRecord.parseFrom(bytes).getWritesList().forEach(commitment::add);
      }
      byte[] writeSetHash = commitment.writeSetHash();
      byte[] digest = StateCommitment.chain(previousDigest, writeSetHash);
      BlockHeader unsigned =
          header.toBuilder()
              .setPreviousHash(ByteString.copyFrom(previousHash))
              .setDataHash(ByteString.copyFrom(dataHash.digest()))
              .setWriteSetHash(ByteString.copyFrom(writeSetHash))
              .setStateDigest(ByteString.copyFrom(digest))
              .clearSignature()
              .build();
      byte[] forged =
          unsigned.toBuilder()
              .setSignature(ByteString.copyFrom(signer.sign(unsigned.toByteArray())))
              .build()
              .toByteArray();
      RawRocks.put(dir, "blocks", TxPosition.blockKey(n), forged);
      previousHash = Sha256.of(forged);
      previousDigest = digest;
    }
  }

  /** Removes the last {@code count} blocks and their records from the log. */
  static void truncate(Path dir, int count) throws Exception {
    long height;
    try (LedgerStore store = LedgerStore.openLogOnly(dir);
        ReadOptions read = new ReadOptions()) {
      height = ChainTip.read(store, read).height();
    }
    for (long n = height - count; n < height; n++) {
      RawRocks.delete(dir, "blocks", TxPosition.blockKey(n));
      RawRocks.delete(dir, "txs", new TxPosition(n, 0).bytes());
    }
  }
}
