package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.ContractFunctions.SnapshotFunctions;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.identity.EcdsaSignatures;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.ledger.v1.TxCommitEvidence;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.chipledger.proto.snapshot.v1.InclusionProof;

/**
 * A stand-in embedded ledger node for chip tests, built from the block format alone: it commits a
 * batch of records as a SubmitSnapshotBatch transaction between two unrelated ones, signs the block
 * header with its node key, and hands out each record's inclusion proof with the evidence.
 */
final class TestLedgerNode {
  static final String SITE = "site-1";

  final KeyPair nodeKeys;
  private final CommittedProofs proofs = new CommittedProofs();
  private long nextBlock = 1;
  private long nextBatch = 1;

  TestLedgerNode() {
    this(new ChipKeys().generate());
  }

  TestLedgerNode(KeyPair nodeKeys) {
    this.nodeKeys = nodeKeys;
  }

  /** The trust anchor a chip is provisioned with for this node. */
  LedgerTrust trust(java.time.Duration grace) {
    return new LedgerTrust(new LedgerAnchor.NodeKey(nodeKeys.getPublic()), grace);
  }

  /** Commits {@code leaves} as the next batch in the next block; returns the block number. */
  synchronized long commit(List<SignedSnapshotRecord> leaves) {
    return commitIn(nextBlock++, leaves);
  }

  /** Commits {@code leaves} as the next batch in block {@code number}, signed like any other. */
  synchronized long commitIn(long number, List<SignedSnapshotRecord> leaves) {
    long seq = nextBatch++;
    CommittedProofs.Sealed sealed = CommittedProofs.seal(leaves, SITE, seq);
    MerkleTree tree = sealed.tree();
    SnapshotBatch batch = sealed.batch();
    List<byte[]> txs =
        List.of(
            tx("chip:RegisterChips", ByteString.copyFromUtf8("other")).toByteArray(),
            tx(
                    SnapshotFunctions.SUBMIT_SNAPSHOT_BATCH,
                    // Contracts answer in base64, as the ledger client reads them.
                    ByteString.copyFromUtf8(
                        java.util.Base64.getEncoder().encodeToString(batch.toByteArray())))
                .toByteArray(),
            tx("custody:AcceptTransfer", ByteString.copyFromUtf8("other")).toByteArray());
    List<ByteString> hashes = new ArrayList<>();
    MessageDigest dataHash = Sha256.newDigest();
    for (byte[] tx : txs) {
      byte[] hash = Sha256.of(tx);
      hashes.add(ByteString.copyFrom(hash));
      dataHash.update(hash);
    }
    BlockHeader unsigned =
        BlockHeader.newBuilder()
            .setNumber(number)
            .setPreviousHash(ByteString.copyFrom(new byte[32]))
            .setDataHash(ByteString.copyFrom(dataHash.digest()))
            .setTxCount(txs.size())
            .build();
    BlockHeader header =
        unsigned.toBuilder()
            .setSignature(
                ByteString.copyFrom(
                    EcdsaSignatures.sign(nodeKeys.getPrivate(), unsigned.toByteArray())))
            .build();
    TxCommitEvidence evidence =
        TxCommitEvidence.newBuilder()
            .setBlockHeader(header.toByteString())
            .setTxIndex(1)
            .setTxRecord(ByteString.copyFrom(txs.get(1)))
            .addAllTxHashes(hashes)
            .build();
    proofs.add(leaves, tree, SITE, seq, evidence);
    return number;
  }

  /** The proof of a committed record, or an uncommitted answer. */
  InclusionProof proof(String serial, long counter) {
    return proofs.proof(serial, counter);
  }

  private static TxRecord tx(String function, ByteString response) {
    TxProposal proposal = TxProposal.newBuilder().setFunction(function).setTxId("t").build();
    return TxRecord.newBuilder()
        .setTx(SignedTx.newBuilder().setProposal(proposal.toByteString()))
        .setResponse(response)
        .build();
  }
}
