package org.chipledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * Re-checks a chain's transactions in chain order: each one's creator against the MSP roots trusted
 * at that point, its signature, and its tx-id index entry.
 */
final class ChainTransactions {
  private final LedgerStore store;
  private final ReadOptions read;
  private final TrustCheck trust;
  private final MspRootHistory roots = new MspRootHistory();
  private long count;

  ChainTransactions(LedgerStore store, ReadOptions read, TrustCheck trust) {
    this.store = store;
    this.read = read;
    this.trust = trust;
  }

  /** Transactions checked so far, the genesis block's excepted. */
  long count() {
    return count;
  }

  /** The problem with the stored record at {@code position}, or null if there is none. */
  String check(TxPosition position, byte[] recordBytes) {
    TxRecord record;
    try {
      record = TxRecord.parseFrom(recordBytes);
    } catch (InvalidProtocolBufferException e) {
      return "transaction " + position + " is unreadable";
    }
    if (position.block() == 0) {
      roots.genesis(record);
      return null;
    }
    count++;
    String problem = checkTransaction(position, record);
    if (problem == null) {
      roots.learn(record.getWritesList());
    }
    return problem;
  }

  private String checkTransaction(TxPosition position, TxRecord record) {
    try {
      TxProposal proposal = Admission.parse(record.getTx());
      X509Certificate creator = trust.parseCreator(proposal.getCreator().toByteArray());
      String mspId = Admission.mspId(proposal);
      String root = roots.rootOf(mspId);
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
          store.get(store.txids, read, proposal.getTxId().getBytes(StandardCharsets.UTF_8));
      if (indexed == null || !Arrays.equals(indexed, position.bytes())) {
        return "the tx-id index does not point " + proposal.getTxId() + " at " + position;
      }
      return null;
    } catch (LedgerException e) {
      return "transaction " + position + ": " + e.getMessage();
    }
  }

  /** How many entries the tx-id index holds. */
  long indexed() {
    long indexed = 0;
    try (RocksIterator ids = store.iterator(store.txids, read)) {
      for (ids.seekToFirst(); ids.isValid(); ids.next()) {
        indexed++;
      }
    }
    return indexed;
  }
}
