package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.ContractFunctions.SnapshotFunctions;
import org.chipledger.client.identity.EcdsaSignatures;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.ledger.v1.TxCommitEvidence;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.chipledger.proto.snapshot.v1.InclusionProof;

/**
 * The chip's check that the ledger committed one of its NVRAM records: the record's own bytes are a
 * leaf under the batch's Merkle root (RFC 6962), the root is what a SubmitSnapshotBatch transaction
 * committed, that transaction is in the block whose data hash the header states, and the header is
 * signed by the ledger node key installed at provisioning. The proof's block must not be older than
 * the block of the chip's last anchored record, so a proof replayed from an earlier block fails.
 */
final class CommitCheck {
  /** A binary tree of 2^64 leaves needs no longer path. */
  private static final int MAX_PATH = 64;

  /** More transactions than the embedded committer puts in a block. */
  private static final int MAX_BLOCK_TXS = 100_000;

  private CommitCheck() {}

  static ProofVerdict check(
      NvramEntry entry, InclusionProof proof, PublicKey nodeKey, long minBlock) {
    String about = refusalAboutRecord(entry, proof);
    if (about != null) {
      return new ProofVerdict.Refused(about);
    }
    if (!proof.hasCommitEvidence()) {
      return new ProofVerdict.Refused("the proof carries no commit evidence");
    }
    TxCommitEvidence evidence = proof.getCommitEvidence();
    BlockHeader header;
    TxRecord tx;
    try {
      header = BlockHeader.parseFrom(evidence.getBlockHeader());
      tx = TxRecord.parseFrom(evidence.getTxRecord());
    } catch (InvalidProtocolBufferException e) {
      return new ProofVerdict.Refused("the commit evidence is unreadable");
    }
    byte[] unsigned = header.toBuilder().clearSignature().build().toByteArray();
    if (!EcdsaSignatures.verify(nodeKey, unsigned, header.getSignature().toByteArray())) {
      return new ProofVerdict.Refused(
          "block " + header.getNumber() + "'s header is not signed by the ledger node key");
    }
    if (header.getNumber() < minBlock) {
      return new ProofVerdict.Refused(
          "block "
              + header.getNumber()
              + " is older than block "
              + minBlock
              + " of the last anchored record: a replayed proof");
    }
    String inBlock = refusalAboutBlock(header, evidence);
    if (inBlock != null) {
      return new ProofVerdict.Refused(inBlock);
    }
    String batch = refusalAboutBatch(tx, proof);
    return batch != null
        ? new ProofVerdict.Refused(batch)
        : new ProofVerdict.Anchored(header.getNumber());
  }

  private static String refusalAboutRecord(NvramEntry entry, InclusionProof proof) {
    if (!proof.getCommitted()) {
      return "the record's batch is not committed yet";
    }
    if (!proof.getChipSerial().equals(entry.record().getChipSerial())
        || proof.getCounter() != entry.counter()) {
      return "the proof is for " + proof.getChipSerial() + "#" + proof.getCounter();
    }
    if (proof.getAuditPathCount() > MAX_PATH) {
      return "the audit path is longer than any tree's";
    }
    List<byte[]> path = new ArrayList<>(proof.getAuditPathCount());
    proof.getAuditPathList().forEach(p -> path.add(p.toByteArray()));
    // The leaf is the chip's own NVRAM bytes, not whatever the proof says the leaf was.
    if (!MerkleTree.verify(
        entry.signed().toByteArray(),
        proof.getLeafIndex(),
        proof.getTreeSize(),
        path,
        proof.getMerkleRoot().toByteArray())) {
      return "the audit path does not lead from the record to the root";
    }
    return null;
  }

  private static String refusalAboutBlock(BlockHeader header, TxCommitEvidence evidence) {
    int count = evidence.getTxHashesCount();
    if (count > MAX_BLOCK_TXS || count != header.getTxCount()) {
      return "the evidence names " + count + " transactions; the header " + header.getTxCount();
    }
    MessageDigest data = Sha256.newDigest();
    evidence.getTxHashesList().forEach(h -> data.update(h.toByteArray()));
    if (!MessageDigest.isEqual(data.digest(), header.getDataHash().toByteArray())) {
      return "the transaction hashes do not make the header's data hash";
    }
    int index = evidence.getTxIndex();
    if (index >= count
        || !evidence
            .getTxHashes(index)
            .equals(ByteString.copyFrom(Sha256.of(evidence.getTxRecord().toByteArray())))) {
      return "the batch transaction is not in the block";
    }
    return null;
  }

  private static String refusalAboutBatch(TxRecord tx, InclusionProof proof) {
    TxProposal proposal;
    SnapshotBatch batch;
    try {
      proposal = TxProposal.parseFrom(tx.getTx().getProposal());
      // Contracts answer with the message in base64, as the Fabric gateway carries it.
      batch =
          SnapshotBatch.parseFrom(
              java.util.Base64.getDecoder()
                  .decode(
                      tx.getResponse()
                          .toString(java.nio.charset.StandardCharsets.US_ASCII)
                          .trim()));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return "the batch transaction is unreadable";
    }
    if (!SnapshotFunctions.SUBMIT_SNAPSHOT_BATCH.equals(proposal.getFunction())) {
      return "the transaction is " + proposal.getFunction() + ", not a snapshot batch";
    }
    if (!batch.getMerkleRoot().equals(proof.getMerkleRoot())
        || batch.getRecordCount() != proof.getTreeSize()
        || !batch.getSiteId().equals(proof.getSiteId())
        || batch.getBatchSeq() != proof.getBatchSeq()) {
      return "the committed batch "
          + batch.getSiteId()
          + "/"
          + batch.getBatchSeq()
          + " has another root or size than the proof's";
    }
    return null;
  }
}
