package org.chipledger.agent;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.TxCommitEvidence;
import org.chipledger.proto.snapshot.v1.AgentBatch;
import org.chipledger.proto.snapshot.v1.InclusionProof;

/**
 * Inclusion proofs of journal records in the batches the ledger committed, each with the ledger's
 * evidence that the batch's transaction committed where the ledger gives it (the embedded ledger's
 * signed block header), so that a chip can check the commit against its installed node key.
 */
final class ProofService {
  private static final int TREES_KEPT = 4;

  private final AgentStore store;
  private final BatchPipeline pipeline;
  private final String siteId;
  private final LedgerClient ledger;
  private final Map<Long, Tree> trees =
      new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Tree> eldest) {
          return size() > TREES_KEPT;
        }
      };

  private record Tree(
      AgentBatch batch, List<Long> positions, MerkleTree tree, Optional<TxCommitEvidence> commit) {}

  ProofService(AgentStore store, BatchPipeline pipeline, String siteId, LedgerClient ledger) {
    this.store = store;
    this.pipeline = pipeline;
    this.siteId = siteId;
    this.ledger = ledger;
  }

  /** The proof for a chip's record; empty if the agent never accepted it. */
  Optional<InclusionProof> proof(String serial, long counter) {
    OptionalLong position = store.position(serial, counter);
    if (position.isEmpty()) {
      return Optional.empty();
    }
    long at = position.getAsLong();
    SignedSnapshotRecord record = store.record(at);
    InclusionProof.Builder proof =
        InclusionProof.newBuilder()
            .setChipSerial(serial)
            .setCounter(counter)
            .setSiteId(siteId)
            .setSignedRecord(record.toByteString());
    var entry = pipeline.sealed.floorEntry(at);
    if (entry == null
        || at >= entry.getValue().getEndPosition()
        || !entry.getValue().getCommitted()) {
      return Optional.of(proof.setCommitted(false).build());
    }
    Tree tree = tree(entry.getValue());
    int index = tree.positions().indexOf(at);
    if (index < 0) {
      return Optional.of(
          proof.setCommitted(false).setBatchSeq(entry.getValue().getBatchSeq()).build());
    }
    List<ByteString> path = new ArrayList<>();
    for (byte[] hash : tree.tree().auditPath(index)) {
      path.add(ByteString.copyFrom(hash));
    }
    tree.commit().ifPresent(proof::setCommitEvidence);
    return Optional.of(
        proof
            .setCommitted(true)
            .setBatchSeq(tree.batch().getBatchSeq())
            .setLeafIndex(index)
            .setTreeSize(tree.tree().size())
            .addAllAuditPath(path)
            .setMerkleRoot(ByteString.copyFrom(tree.tree().root()))
            .build());
  }

  private synchronized Tree tree(AgentBatch batch) {
    Tree cached = trees.get(batch.getBatchSeq());
    if (cached != null && cached.batch().equals(batch)) {
      return cached;
    }
    List<SignedSnapshotRecord> leaves = pipeline.leaves(batch);
    List<Long> positions = new ArrayList<>();
    java.util.Set<Long> excluded = new java.util.HashSet<>(batch.getExcludedPositionsList());
    for (long p = batch.getFirstPosition(); p < batch.getEndPosition(); p++) {
      if (!excluded.contains(p)) {
        positions.add(p);
      }
    }
    List<byte[]> data = new ArrayList<>(leaves.size());
    for (SignedSnapshotRecord leaf : leaves) {
      data.add(leaf.toByteArray());
    }
    Optional<TxCommitEvidence> commit = commitEvidence(batch.getTxId());
    Tree tree = new Tree(batch, positions, MerkleTree.of(data), commit);
    if (commit.isPresent() || batch.getTxId().isEmpty()) {
      // Evidence the ledger could not give now is asked for again at the next request.
      trees.put(batch.getBatchSeq(), tree);
    }
    return tree;
  }

  private Optional<TxCommitEvidence> commitEvidence(String txId) {
    if (txId.isEmpty()) {
      return Optional.empty();
    }
    try {
      return ledger.commitEvidence(txId);
    } catch (LedgerException e) {
      return Optional.empty();
    }
  }
}
