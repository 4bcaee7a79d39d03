package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chipledger.client.identity.EcdsaSignatures;
import org.chipledger.firmware.CommitCheck.CommittedCall;
import org.chipledger.firmware.CommitCheck.Refusal;
import org.chipledger.proto.ledger.v1.TxCommitEvidence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The chip's check of Fabric commit evidence: a quorum of the channel's consenters signed the block
 * ({@link FabricBlockCheck}); the envelope at the named index is an endorser transaction on the
 * anchor's channel and chaincode; a majority of the organisations that run peers endorsed its
 * result, each with a certificate from its own root CA; and the block's validation flags mark it
 * valid. The flags are the peer's own verdict, which no orderer signs: the endorsements are what
 * keep an agent from showing an ordered transaction it made up (docs/threat-model.md).
 */
final class FabricCommitCheck {
  private static final int SUCCESS = 200;

  private FabricCommitCheck() {}

  static CommittedCall call(TxCommitEvidence evidence, FabricTrust trust) throws Refusal {
    Block block;
    try {
      block = Block.parseFrom(evidence.getFabricBlock());
    } catch (InvalidProtocolBufferException e) {
      throw new Refusal("the Fabric block is unreadable");
    }
    if (FabricBlockCheck.check(block, trust.consenters()) instanceof ProofVerdict.Refused refused) {
      throw new Refusal(refused.reason());
    }
    long number = block.getHeader().getNumber();
    int index = evidence.getTxIndex();
    if (index >= block.getData().getDataCount()) {
      throw new Refusal("block " + number + " has no transaction " + index);
    }
    ByteString flags =
        block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
            ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
            : ByteString.EMPTY;
    if (index >= flags.size() || flags.byteAt(index) != TxValidationCode.VALID_VALUE) {
      throw new Refusal("the peers did not commit transaction " + index + " of block " + number);
    }
    try {
      return endorsedCall(number, block.getData().getData(index), trust);
    } catch (InvalidProtocolBufferException e) {
      throw new Refusal("transaction " + index + " of block " + number + " is unreadable");
    }
  }

  private static CommittedCall endorsedCall(long number, ByteString envelope, FabricTrust trust)
      throws InvalidProtocolBufferException, Refusal {
    Payload payload = Payload.parseFrom(Envelope.parseFrom(envelope).getPayload());
    ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
    if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE
        || !header.getChannelId().equals(trust.channel())) {
      throw new Refusal("the transaction is not an endorser transaction on " + trust.channel());
    }
    Transaction transaction = Transaction.parseFrom(payload.getData());
    if (transaction.getActionsCount() != 1) {
      throw new Refusal("the transaction has " + transaction.getActionsCount() + " actions");
    }
    ChaincodeActionPayload action =
        ChaincodeActionPayload.parseFrom(transaction.getActions(0).getPayload());
    ByteString responsePayload = action.getAction().getProposalResponsePayload();
    ChaincodeAction result =
        ChaincodeAction.parseFrom(
            ProposalResponsePayload.parseFrom(responsePayload).getExtension());
    if (!result.getChaincodeId().getName().equals(trust.chaincode())
        || result.getResponse().getStatus() != SUCCESS) {
      throw new Refusal("the transaction is not a successful call of " + trust.chaincode());
    }
    int endorsers = endorsingOrgs(responsePayload, action.getAction().getEndorsementsList(), trust);
    if (endorsers < trust.endorsements()) {
      throw new Refusal(
          endorsers
              + " organisations endorsed the transaction; "
              + trust.endorsements()
              + " are needed");
    }
    List<ByteString> args =
        ChaincodeInvocationSpec.parseFrom(
                ChaincodeProposalPayload.parseFrom(action.getChaincodeProposalPayload()).getInput())
            .getChaincodeSpec()
            .getInput()
            .getArgsList();
    String function = args.isEmpty() ? "" : args.get(0).toStringUtf8();
    return new CommittedCall(number, function, result.getResponse().getPayload());
  }

  /**
   * Distinct endorsing organisations whose endorser holds a certificate from the organisation's
   * root CA and signed {@code responsePayload ‖ endorser}, as Fabric's endorsement check does.
   */
  private static int endorsingOrgs(
      ByteString responsePayload, List<Endorsement> endorsements, FabricTrust trust) {
    Set<String> orgs = new HashSet<>();
    for (Endorsement endorsement : endorsements) {
      SerializedIdentity endorser;
      X509Certificate certificate;
      try {
        endorser = SerializedIdentity.parseFrom(endorsement.getEndorser());
        certificate = FabricTrust.certificate(endorser.getIdBytes());
      } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
        continue;
      }
      List<X509Certificate> roots = trust.endorsingOrgs().get(endorser.getMspid());
      if (roots == null || orgs.contains(endorser.getMspid()) || !issuedBy(certificate, roots)) {
        continue;
      }
      byte[] signed = responsePayload.concat(endorsement.getEndorser()).toByteArray();
      if (EcdsaSignatures.verify(
          certificate.getPublicKey(), signed, endorsement.getSignature().toByteArray())) {
        orgs.add(endorser.getMspid());
      }
    }
    return orgs.size();
  }

  private static boolean issuedBy(X509Certificate certificate, List<X509Certificate> roots) {
    for (X509Certificate root : roots) {
      try {
        certificate.verify(root.getPublicKey());
        return true;
      } catch (GeneralSecurityException | RuntimeException e) {
        // Not this root; try the next.
      }
    }
    return false;
  }
}
