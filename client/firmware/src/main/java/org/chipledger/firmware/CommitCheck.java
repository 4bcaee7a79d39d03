package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
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
 * signed by the ledger node key installed at provisioning (on Fabric, {@link FabricCommitCheck}
 * stands in for the last two steps). The proof's block must not be older than the block of the
 * chip's last anchored record, so a proof replayed from an earlier block fails.
 */
final class CommitCheck {
  /** A binary tree of 2^64 leaves needs no longer path. */
  private static final int MAX_PATH = 64;

  /** More transactions than the embedded committer puts in a block. */
  private static final int MAX_BLOCK_TXS = 100_000;

  private CommitCheck() {}

  /** Why a proof does not hold; thrown inside the check and turned into a refusal. */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A transaction the ledger committed in block {@code block}: its function and its result. */
  record CommittedCall(long block, String function, ByteString response) {}

  static ProofVerdict check(
      NvramEntry entry, InclusionProof proof, LedgerAnchor anchor, long minBlock) {
    try {
      checkRecord(entry, proof);
      if (!proof.hasCommitEvidence()) {
        throw new Refusal("the proof carries no commit evidence");
      }
      // Java 17 has no pattern switch; the interface is sealed to these two.
      CommittedCall call =
          anchor instanceof FabricTrust fabric
              ? FabricCommitCheck.call(proof.getCommitEvidence(), fabric)
              : embedded(proof.getCommitEvidence(), ((LedgerAnchor.NodeKey) anchor).key());
      if (call.block() < minBlock) {
        throw new Refusal(
            "block "
                + call.block()
                + " is older than block "
                + minBlock
                + " of the last anchored record: a replayed proof");
      }
      checkBatch(call, proof);
      return new ProofVerdict.Anchored(call.block());
    } catch (Refusal refusal) {
      return new ProofVerdict.Refused(refusal.getMessage());
    }
  }

  private static CommittedCall embedded(TxCommitEvidence evidence, PublicKey nodeKey)
      throws Refusal {
    BlockHeader header;
    TxRecord tx;
    TxProposal proposal;
    try {
      header = BlockHeader.parseFrom(evidence.getBlockHeader());
      tx = TxRecord.parseFrom(evidence.getTxRecord());
      proposal = TxProposal.parseFrom(tx.getTx().getProposal());
    } catch (InvalidProtocolBufferException e) {
      throw new Refusal("the commit evidence is unreadable");
    }
    byte[] unsigned = header.toBuilder().clearSignature().build().toByteArray();
    if (!EcdsaSignatures.verify(nodeKey, unsigned, header.getSignature().toByteArray())) {
      throw new Refusal(
          "block " + header.getNumber() + "'s header is not signed by the ledger node key");
    }
    checkInBlock(header, evidence);
    return new CommittedCall(header.getNumber(), proposal.getFunction(), tx.getResponse());
  }

  private static void checkRecord(NvramEntry entry, InclusionProof proof) throws Refusal {
    if (!proof.getCommitted()) {
      throw new Refusal("the record's batch is not committed yet");
    }
    if (!proof.getChipSerial().equals(entry.record().getChipSerial())
        || proof.getCounter() != entry.counter()) {
      throw new Refusal("the proof is for " + proof.getChipSerial() + "#" + proof.getCounter());
    }
    if (proof.getAuditPathCount() > MAX_PATH) {
      throw new Refusal("the audit path is longer than any tree's");
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
      throw new Refusal("the audit path does not lead from the record to the root");
    }
  }

  private static void checkInBlock(BlockHeader header, TxCommitEvidence evidence) throws Refusal {
    int count = evidence.getTxHashesCount();
    if (count > MAX_BLOCK_TXS || count != header.getTxCount()) {
      throw new Refusal(
          "the evidence names " + count + " transactions; the header " + header.getTxCount());
    }
    MessageDigest data = Sha256.newDigest();
    evidence.getTxHashesList().forEach(h -> data.update(h.toByteArray()));
    if (!MessageDigest.isEqual(data.digest(), header.getDataHash().toByteArray())) {
      throw new Refusal("the transaction hashes do not make the header's data hash");
    }
    int index = evidence.getTxIndex();
    if (index >= count
        || !evidence
            .getTxHashes(index)
            .equals(ByteString.copyFrom(Sha256.of(evidence.getTxRecord().toByteArray())))) {
      throw new Refusal("the batch transaction is not in the block");
    }
  }

  /** The committed call must be the batch the proof's root and size come from. */
  private static void checkBatch(CommittedCall call, InclusionProof proof) throws Refusal {
    if (!SnapshotFunctions.SUBMIT_SNAPSHOT_BATCH.equals(call.function())) {
      throw new Refusal("the transaction is " + call.function() + ", not a snapshot batch");
    }
    SnapshotBatch batch;
    try {
      // Contracts answer with the message in base64, as the Fabric gateway carries it.
      batch =
          SnapshotBatch.parseFrom(
              Base64.getDecoder()
                  .decode(call.response().toString(StandardCharsets.US_ASCII).trim()));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new Refusal("the batch transaction is unreadable");
    }
    if (!batch.getMerkleRoot().equals(proof.getMerkleRoot())
        || batch.getRecordCount() != proof.getTreeSize()
        || !batch.getSiteId().equals(proof.getSiteId())
        || batch.getBatchSeq() != proof.getBatchSeq()) {
      throw new Refusal(
          "the committed batch "
              + batch.getSiteId()
              + "/"
              + batch.getBatchSeq()
              + " has another root or size than the proof's");
    }
  }
}
