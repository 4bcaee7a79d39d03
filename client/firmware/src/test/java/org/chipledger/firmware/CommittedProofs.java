package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.ledger.v1.TxCommitEvidence;
import org.chipledger.proto.snapshot.v1.InclusionProof;

/**
 * The inclusion proofs a stand-in ledger hands out for the batches it committed, each record's
 * audit path with the batch's commit evidence, as the agent's proof service answers them.
 */
final class CommittedProofs {
  private final Map<String, InclusionProof> proofs = new HashMap<>();

  /** A batch as the agent seals it: the leaves' Merkle tree and the batch it commits. */
  record Sealed(MerkleTree tree, SnapshotBatch batch) {}

  /** Seals {@code leaves} as batch {@code seq} of {@code site}. */
  static Sealed seal(List<SignedSnapshotRecord> leaves, String site, long seq) {
    MerkleTree tree =
        MerkleTree.of(leaves.stream().map(SignedSnapshotRecord::toByteArray).toList());
    return new Sealed(
        tree,
        SnapshotBatch.newBuilder()
            .setSiteId(site)
            .setBatchSeq(seq)
            .setMerkleRoot(ByteString.copyFrom(tree.root()))
            .setRecordCount(leaves.size())
            .build());
  }

  /** Records the proofs of batch {@code seq} of {@code site}: {@code leaves} under {@code tree}. */
  synchronized void add(
      List<SignedSnapshotRecord> leaves,
      MerkleTree tree,
      String site,
      long seq,
      TxCommitEvidence evidence) {
    for (int i = 0; i < leaves.size(); i++) {
      SnapshotRecord record = parse(leaves.get(i));
      InclusionProof.Builder proof =
          InclusionProof.newBuilder()
              .setChipSerial(record.getChipSerial())
              .setCounter(record.getCounter())
              .setCommitted(true)
              .setSiteId(site)
              .setBatchSeq(seq)
              .setLeafIndex(i)
              .setTreeSize(leaves.size())
              .setMerkleRoot(ByteString.copyFrom(tree.root()))
              .setSignedRecord(leaves.get(i).toByteString())
              .setCommitEvidence(evidence);
      tree.auditPath(i).forEach(p -> proof.addAuditPath(ByteString.copyFrom(p)));
      proofs.put(record.getChipSerial() + "#" + record.getCounter(), proof.build());
    }
  }

  /** The proof of a committed record, or an uncommitted answer. */
  synchronized InclusionProof proof(String serial, long counter) {
    InclusionProof proof = proofs.get(serial + "#" + counter);
    return proof != null
        ? proof
        : InclusionProof.newBuilder()
            .setChipSerial(serial)
            .setCounter(counter)
            .setCommitted(false)
            .build();
  }

  private static SnapshotRecord parse(SignedSnapshotRecord signed) {
    try {
      return SnapshotRecord.parseFrom(signed.getRecord());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
