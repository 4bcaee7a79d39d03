package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.chipledger.chaincode.ledger.ContractFunctions.SnapshotFunctions;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.Identity;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotBatch;
import org.chipledger.proto.ledger.v1.TxCommitEvidence;
import org.chipledger.proto.snapshot.v1.InclusionProof;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A stand-in Fabric BFT channel for chip tests, built from Fabric's message formats alone: four
 * orderers, five organisations that run peers and one member organisation without peers. Its
 * configuration block is the chips' trust anchor; it commits a batch as an endorsed chaincode
 * transaction in a block its orderers sign, and hands out each record's proof with that block. What
 * it endorses, signs and flags can be set to play a cheating agent.
 */
final class TestFabricChannel {
  static final String CHANNEL = "treaty";
  static final String CHAINCODE = "chipledger";
  static final String SITE = "site-1";

  private static final CertificateAuthority ORDERER_CA =
      CertificateAuthority.create("OrdererMSP", "orderer-ca");
  private static final List<Identity> ORDERERS =
      List.of(
          ORDERER_CA.issue("o1", Map.of()),
          ORDERER_CA.issue("o2", Map.of()),
          ORDERER_CA.issue("o3", Map.of()),
          ORDERER_CA.issue("o4", Map.of()));
  private static final List<CertificateAuthority> PEER_CAS = new ArrayList<>();
  static final List<Identity> PEERS = new ArrayList<>();

  /** The member organisation without peers, as the datacenters' organisations are. */
  static final CertificateAuthority MEMBER_CA = CertificateAuthority.create("DcMSP", "dc-ca");

  static {
    for (int i = 1; i <= 5; i++) {
      CertificateAuthority ca = CertificateAuthority.create("Peer" + i + "MSP", "peer" + i + "-ca");
      PEER_CAS.add(ca);
      PEERS.add(ca.issue("peer0.org" + i, Map.of()));
    }
  }

  private final CommittedProofs proofs = new CommittedProofs();
  private long nextBlock = 1;
  private long nextBatch = 1;

  /** Who endorses the next batch (by default three of the five peer organisations). */
  List<Identity> endorsers = PEERS.subList(0, 3);

  /** How many orderers sign the next block (by default three of four, the BFT quorum). */
  int ordererSignatures = 3;

  /** The validation code the peers set for the next batch transaction. */
  TxValidationCode validation = TxValidationCode.VALID;

  /** The chaincode the next batch transaction names. */
  String chaincode = CHAINCODE;

  /** The channel's configuration block: consenters, and each organisation's MSP. */
  static Block configBlock() {
    ConfigGroup.Builder application = ConfigGroup.newBuilder();
    for (CertificateAuthority ca : PEER_CAS) {
      application.putGroups(ca.mspId(), org(ca, true));
    }
    application.putGroups(MEMBER_CA.mspId(), org(MEMBER_CA, false));
    Orderers.Builder orderers = Orderers.newBuilder();
    for (int i = 0; i < ORDERERS.size(); i++) {
      orderers.addConsenterMapping(
          Consenter.newBuilder()
              .setId(i + 1)
              .setMspId(ORDERERS.get(i).mspId())
              .setIdentity(ByteString.copyFromUtf8(ORDERERS.get(i).certificatePem())));
    }
    ConfigGroup root =
        ConfigGroup.newBuilder()
            .putGroups("Application", application.build())
            .putGroups(
                "Orderer",
                ConfigGroup.newBuilder()
                    .putValues(
                        "Orderers",
                        ConfigValue.newBuilder().setValue(orderers.build().toByteString()).build())
                    .build())
            .build();
    ByteString envelope =
        envelope(
            HeaderType.CONFIG,
            ConfigEnvelope.newBuilder()
                .setConfig(Config.newBuilder().setChannelGroup(root))
                .build()
                .toByteString());
    return signedBlock(0, List.of(envelope), ByteString.copyFrom(new byte[1]), 3);
  }

  private static ConfigGroup org(CertificateAuthority ca, boolean runsPeers) {
    FabricMSPConfig msp =
        FabricMSPConfig.newBuilder()
            .setName(ca.mspId())
            .addRootCerts(ByteString.copyFromUtf8(ca.certificatePem()))
            .build();
    ConfigGroup.Builder org =
        ConfigGroup.newBuilder()
            .putValues(
                "MSP",
                ConfigValue.newBuilder()
                    .setValue(
                        MSPConfig.newBuilder().setConfig(msp.toByteString()).build().toByteString())
                    .build());
    if (runsPeers) {
      org.putValues("AnchorPeers", ConfigValue.newBuilder().build());
    }
    return org.build();
  }

  /** The anchor a chip is provisioned with: this channel's configuration block. */
  static LedgerTrust trust(java.time.Duration grace) {
    return new LedgerTrust(FabricTrust.fromConfigBlock(configBlock(), CHAINCODE), grace);
  }

  /** Commits {@code leaves} as the next batch in the next block; returns the block number. */
  synchronized long commit(List<SignedSnapshotRecord> leaves) {
    long seq = nextBatch++;
    CommittedProofs.Sealed sealed = CommittedProofs.seal(leaves, SITE, seq);
    MerkleTree tree = sealed.tree();
    SnapshotBatch batch = sealed.batch();
    ByteString other = envelope(HeaderType.ENDORSER_TRANSACTION, ByteString.copyFromUtf8("other"));
    ByteString flags = ByteString.copyFrom(new byte[] {0, (byte) validation.getNumber()});
    long number = nextBlock++;
    Block block =
        signedBlock(number, List.of(other, batchEnvelope(batch)), flags, ordererSignatures);
    TxCommitEvidence evidence =
        TxCommitEvidence.newBuilder().setTxIndex(1).setFabricBlock(block.toByteString()).build();
    proofs.add(leaves, tree, SITE, seq, evidence);
    return number;
  }

  /** The proof of a committed record, or an uncommitted answer. */
  InclusionProof proof(String serial, long counter) {
    return proofs.proof(serial, counter);
  }

  /** The batch's transaction: the chaincode's base64 answer, endorsed by {@link #endorsers}. */
  private ByteString batchEnvelope(SnapshotBatch batch) {
    ByteString responsePayload =
        ProposalResponsePayload.newBuilder()
            .setExtension(
                ChaincodeAction.newBuilder()
                    .setChaincodeId(ChaincodeID.newBuilder().setName(chaincode))
                    .setResponse(
                        Response.newBuilder()
                            .setStatus(200)
                            .setPayload(
                                ByteString.copyFromUtf8(
                                    Base64.getEncoder().encodeToString(batch.toByteArray()))))
                    .build()
                    .toByteString())
            .build()
            .toByteString();
    ChaincodeEndorsedAction.Builder endorsed =
        ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(responsePayload);
    for (Identity endorser : endorsers) {
      ByteString id = ByteString.copyFrom(endorser.serialized());
      endorsed.addEndorsements(
          Endorsement.newBuilder()
              .setEndorser(id)
              .setSignature(
                  ByteString.copyFrom(endorser.sign(responsePayload.concat(id).toByteArray()))));
    }
    ChaincodeInvocationSpec invocation =
        ChaincodeInvocationSpec.newBuilder()
            .setChaincodeSpec(
                ChaincodeSpec.newBuilder()
                    .setInput(
                        ChaincodeInput.newBuilder()
                            .addArgs(
                                ByteString.copyFromUtf8(SnapshotFunctions.SUBMIT_SNAPSHOT_BATCH))
                            .addArgs(ByteString.copyFromUtf8("request"))))
            .build();
    ChaincodeActionPayload action =
        ChaincodeActionPayload.newBuilder()
            .setChaincodeProposalPayload(
                ChaincodeProposalPayload.newBuilder()
                    .setInput(invocation.toByteString())
                    .build()
                    .toByteString())
            .setAction(endorsed)
            .build();
    return envelope(
        HeaderType.ENDORSER_TRANSACTION,
        Transaction.newBuilder()
            .addActions(TransactionAction.newBuilder().setPayload(action.toByteString()))
            .build()
            .toByteString());
  }

  private static ByteString envelope(HeaderType type, ByteString data) {
    ByteString channelHeader =
        ChannelHeader.newBuilder()
            .setType(type.getNumber())
            .setChannelId(CHANNEL)
            .setTxId(Sha256.hex(Sha256.of(data.toByteArray())))
            .build()
            .toByteString();
    Payload payload =
        Payload.newBuilder()
            .setHeader(Header.newBuilder().setChannelHeader(channelHeader))
            .setData(data)
            .build();
    return Envelope.newBuilder().setPayload(payload.toByteString()).build().toByteString();
  }

  private static Block signedBlock(
      long number, List<ByteString> data, ByteString flags, int signatures) {
    java.security.MessageDigest hash = Sha256.newDigest();
    data.forEach(d -> hash.update(d.toByteArray()));
    BlockHeader header =
        BlockHeader.newBuilder()
            .setNumber(number)
            .setPreviousHash(ByteString.copyFrom(new byte[32]))
            .setDataHash(ByteString.copyFrom(hash.digest()))
            .build();
    ByteString value = ByteString.copyFromUtf8("last config 0");
    Metadata.Builder metadata = Metadata.newBuilder().setValue(value);
    for (int i = 0; i < signatures; i++) {
      ByteString idHeader =
          IdentifierHeader.newBuilder().setIdentifier(i + 1).build().toByteString();
      ByteArrayOutputStream signed = new ByteArrayOutputStream();
      signed.writeBytes(value.toByteArray());
      signed.writeBytes(idHeader.toByteArray());
      signed.writeBytes(FabricBlockCheck.headerBytes(header));
      metadata.addSignatures(
          MetadataSignature.newBuilder()
              .setIdentifierHeader(idHeader)
              .setSignature(ByteString.copyFrom(ORDERERS.get(i).sign(signed.toByteArray()))));
    }
    return Block.newBuilder()
        .setHeader(header)
        .setData(BlockData.newBuilder().addAllData(data))
        .setMetadata(
            BlockMetadata.newBuilder()
                .addMetadata(metadata.build().toByteString())
                .addMetadata(ByteString.EMPTY)
                .addMetadata(flags))
        .build();
  }
}
