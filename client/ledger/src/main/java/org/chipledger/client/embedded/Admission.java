package org.chipledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.membership.MembershipKeys;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * The checks every envelope passes before it runs, in the caller's thread: well-formed, tx id bound
 * to nonce and creator, creator issued by its MSP's trusted root CA, and a valid signature.
 */
final class Admission {
  private final Map<String, String> genesisMsps;
  private final LedgerStore store;
  private final TrustCheck trust;

  Admission(Map<String, String> genesisMsps, LedgerStore store, TrustCheck trust) {
    this.genesisMsps = Map.copyOf(genesisMsps);
    this.store = store;
    this.trust = trust;
  }

  Admitted admit(SignedTx tx) {
    TxProposal proposal = parse(tx);
    X509Certificate creator = trust.parseCreator(proposal.getCreator().toByteArray());
    trust.requireIssuedBy(creator, trustedRoot(mspId(proposal)));
    if (!trust.verifySignature(
        creator, tx.getProposal().toByteArray(), tx.getSignature().toByteArray())) {
      throw new LedgerException(
          ErrorCode.BAD_SIGNATURE, "signature does not match proposal " + proposal.getTxId());
    }
    return new Admitted(tx, proposal, creator);
  }

  /** The genesis root for an MSP, else the one its registration wrote to world state. */
  String trustedRoot(String mspId) {
    String genesis = genesisMsps.get(mspId);
    if (genesis != null) {
      return genesis;
    }
    byte[] registered = store.get(store.state, StateKeys.encode(MembershipKeys.mspRootCa(mspId)));
    if (registered == null || registered.length == 0) {
      throw new LedgerException(
          ErrorCode.UNTRUSTED_IDENTITY, "MSP " + mspId + " is not a member of this ledger");
    }
    return new String(registered, StandardCharsets.UTF_8);
  }

  static TxProposal parse(SignedTx tx) {
    TxProposal proposal;
    try {
      proposal = TxProposal.parseFrom(tx.getProposal());
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "proposal is not a TxProposal", e);
    }
    if (proposal.getNonce().isEmpty() || proposal.getCreator().isEmpty()) {
      throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "proposal lacks a nonce or creator");
    }
    if (proposal.getFunction().isEmpty()) {
      throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "proposal names no function");
    }
    String expected =
        Proposals.txId(proposal.getNonce().toByteArray(), proposal.getCreator().toByteArray());
    if (!expected.equals(proposal.getTxId())) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, "tx id is not hex(SHA-256(nonce || creator))");
    }
    return proposal;
  }

  static String mspId(TxProposal proposal) {
    try {
      return SerializedIdentity.parseFrom(proposal.getCreator()).getMspid();
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(
          ErrorCode.UNTRUSTED_IDENTITY, "creator is not a serialized identity", e);
    }
  }
}
