package org.chipledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.chaincode.membership.MembershipKeys;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.client.storage.DurableRocks;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.chipledger.proto.ledger.v1.WriteEntry;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.rocksdb.RocksIterator;

/**
 * Re-walks the whole chain from a snapshot: block numbering and hash links, each block's data hash
 * over its stored records, every transaction's tx id, signature and creator chain (against the MSP
 * roots trusted at that point of the chain), and the tx-id index.
 */
final class ChainVerifier {
  // MSP roots registered on the ledger live under one composite-key object type.
  private static final String MSP_ROOT_TYPE =
      CompositeKey.parseCompositeKey(MembershipKeys.mspRootCa("probe")).getObjectType();

  private final LedgerStore store;
  private final TrustCheck trust;

  ChainVerifier(LedgerStore store, TrustCheck trust) {
    this.store = store;
    this.trust = trust;
  }

  VerifyReport verify() {
    try (DurableRocks.Snapshot snapshot = store.snapshot();
        RocksIterator blocks = store.iterator(store.blocks, snapshot.read);
        RocksIterator records = store.iterator(store.txs, snapshot.read)) {
      return new Walk(snapshot, blocks, records).run();
    }
  }

  /** One verification pass; stops at the first problem. */
  private final class Walk {
    private final DurableRocks.Snapshot snapshot;
    private final RocksIterator blocks;
    private final RocksIterator records;
    private final Map<String, String> genesisRoots = new HashMap<>();
    private final Map<String, String> registeredRoots = new HashMap<>();
    private long blockCount;
    private long txCount;

    Walk(DurableRocks.Snapshot snapshot, RocksIterator blocks, RocksIterator records) {
      this.snapshot = snapshot;
      this.blocks = blocks;
      this.records = records;
    }

    VerifyReport run() {
      byte[] previousHash = new byte[0];
      records.seekToFirst();
      for (blocks.seekToFirst(); blocks.isValid(); blocks.next()) {
        long number = ByteBuffer.wrap(blocks.key()).getLong();
        String problem = checkBlock(number, blocks.value(), previousHash);
        if (problem != null) {
          return VerifyReport.failed(blockCount, txCount, problem);
        }
        previousHash = Sha256.of(blocks.value());
        blockCount++;
      }
      if (blockCount == 0) {
        return VerifyReport.failed(0, 0, "the ledger has no genesis block");
      }
      if (records.isValid()) {
        return VerifyReport.failed(
            blockCount,
            txCount,
            "transaction " + TxPosition.of(records.key()) + " belongs to no block");
      }
      long indexed = countTxIds();
      if (indexed != txCount) {
        return VerifyReport.failed(
            blockCount,
            txCount,
            "the tx-id index has " + indexed + " entries for " + txCount + " transactions");
      }
      return VerifyReport.passed(blockCount, txCount);
    }

    private String checkBlock(long number, byte[] headerBytes, byte[] previousHash) {
      if (number != blockCount) {
        return "block " + blockCount + " is missing";
      }
      BlockHeader header;
      try {
        header = BlockHeader.parseFrom(headerBytes);
      } catch (InvalidProtocolBufferException e) {
        return "block " + number + " has an unreadable header";
      }
      if (header.getNumber() != number) {
        return "block " + number + " is stored under the wrong number";
      }
      if (!Arrays.equals(header.getPreviousHash().toByteArray(), previousHash)) {
        return "block " + number + " does not link to the hash of block " + (number - 1);
      }
      MessageDigest dataHash = Sha256.newDigest();
      int index = 0;
      for (; records.isValid() && TxPosition.of(records.key()).block() == number; records.next()) {
        TxPosition position = TxPosition.of(records.key());
        if (position.index() != index) {
          return "transaction " + new TxPosition(number, index) + " is missing";
        }
        byte[] recordBytes = records.value();
        dataHash.update(Sha256.of(recordBytes));
        String problem = checkRecord(position, recordBytes);
        if (problem != null) {
          return problem;
        }
        index++;
      }
      if (index != header.getTxCount()) {
        return "block "
            + number
            + " holds "
            + index
            + " transactions, its header says "
            + header.getTxCount();
      }
      if (!Arrays.equals(dataHash.digest(), header.getDataHash().toByteArray())) {
        return "block " + number + "'s transactions do not match its data hash";
      }
      return null;
    }

    private String checkRecord(TxPosition position, byte[] recordBytes) {
      TxRecord record;
      try {
        record = TxRecord.parseFrom(recordBytes);
      } catch (InvalidProtocolBufferException e) {
        return "transaction " + position + " is unreadable";
      }
      if (position.block() == 0) {
        genesisRoots.putAll(Genesis.msps(record));
        return null;
      }
      txCount++;
      String problem = checkTransaction(position, record);
      if (problem == null) {
        learnRoots(record.getWritesList());
      }
      return problem;
    }

    private String checkTransaction(TxPosition position, TxRecord record) {
      try {
        TxProposal proposal = Admission.parse(record.getTx());
        X509Certificate creator = trust.parseCreator(proposal.getCreator().toByteArray());
        String mspId = Admission.mspId(proposal);
        String root = genesisRoots.getOrDefault(mspId, registeredRoots.get(mspId));
        if (root == null) {
          return "transaction " + position + " was signed by MSP " + mspId + ", not a member then";
        }
        trust.requireIssuedBy(creator, root, Proposals.instant(proposal.getTimestamp()));
        if (!trust.verifySignature(
            creator,
            record.getTx().getProposal().toByteArray(),
            record.getTx().getSignature().toByteArray())) {
          return "transaction " + position + " has a bad signature";
        }
        byte[] indexed =
            store.get(
                store.txids, snapshot.read, proposal.getTxId().getBytes(StandardCharsets.UTF_8));
        if (indexed == null || !Arrays.equals(indexed, position.bytes())) {
          return "the tx-id index does not point " + proposal.getTxId() + " at " + position;
        }
        return null;
      } catch (LedgerException e) {
        return "transaction " + position + ": " + e.getMessage();
      }
    }

    /**
     * MSP roots written by a transaction are trusted from the next transaction on; as in admission,
     * a genesis root takes precedence over a registered one.
     */
    private void learnRoots(List<WriteEntry> writes) {
      for (WriteEntry write : writes) {
        if (!write
            .getKey()
            .startsWith(CompositeKey.NAMESPACE + MSP_ROOT_TYPE + CompositeKey.NAMESPACE)) {
          continue;
        }
        List<String> attributes = CompositeKey.parseCompositeKey(write.getKey()).getAttributes();
        if (attributes.size() == 1
            && MembershipKeys.mspRootCa(attributes.get(0)).equals(write.getKey())) {
          if (write.getDelete()) {
            registeredRoots.remove(attributes.get(0));
          } else {
            registeredRoots.put(
                attributes.get(0), write.getValue().toString(StandardCharsets.UTF_8));
          }
        }
      }
    }

    private long countTxIds() {
      long count = 0;
      try (RocksIterator ids = store.iterator(store.txids, snapshot.read)) {
        for (ids.seekToFirst(); ids.isValid(); ids.next()) {
          count++;
        }
      }
      return count;
    }
  }
}
