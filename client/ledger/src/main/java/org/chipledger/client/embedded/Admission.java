package org.chipledger.client.embedded;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.chipledger.chaincode.chip.ChipKeyCheck;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.ledger.Args;
import org.chipledger.chaincode.ledger.ContractFunctions;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.MembershipKeys;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.snapshot.ChipSignatureCheck;
import org.chipledger.chaincode.snapshot.PrecheckedSignatures;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.client.identity.ChipRecordSignatures;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.chipledger.proto.ledger.v1.SubmitSnapshotBatchRequest;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * The checks every envelope passes before it runs, on a thread of the ledger's verifier pool:
 * well-formed, dated within the skew window of the ledger's clock, tx id bound to nonce and
 * creator, creator issued by its MSP's trusted root CA (valid now and at the proposal's time), and
 * a valid signature.
 */
final class Admission {
  /** Fabric's peer.authentication.timewindow default. */
  static final Duration DEFAULT_SKEW = Duration.ofMinutes(15);

  private final Map<String, String> genesisMsps;
  private final LedgerStore store;
  private final TrustCheck trust;
  private final ChipSignatureCheck records = new ChipRecordSignatures();

  Admission(Map<String, String> genesisMsps, LedgerStore store, TrustCheck trust) {
    this.genesisMsps = Map.copyOf(genesisMsps);
    this.store = store;
    this.trust = trust;
  }

  Admitted admit(SignedTx tx) {
    TxProposal proposal = parse(tx);
    Instant at = Proposals.instant(proposal.getTimestamp());
    requireWithinSkew(at, proposal.getTxId());
    X509Certificate creator = trust.parseCreator(proposal.getCreator().toByteArray());
    String root = trustedRoot(mspId(proposal));
    trust.requireIssuedBy(creator, root);
    // admin verify checks the certificate at the proposal's time: so must admission, or one
    // transaction dated before its certificate would fail verification of the chain for good.
    trust.requireIssuedBy(creator, root, at);
    if (!trust.verifySignature(
        creator, tx.getProposal().toByteArray(), tx.getSignature().toByteArray())) {
      throw new LedgerException(
          ErrorCode.BAD_SIGNATURE, "signature does not match proposal " + proposal.getTxId());
    }
    return new Admitted(tx, proposal, creator);
  }

  /**
   * Parses the chip keys of a registration lot ahead of the rules, on the verifying thread, so that
   * the committer's single thread takes each one without parsing it (see {@link ChipKeyCheck}). A
   * lot that does not decode is left to the rules, which refuse it with their own code.
   */
  static void prewarmChipKeys(TxProposal proposal) {
    if (!ContractFunctions.ChipFunctions.REGISTER_CHIPS.equals(proposal.getFunction())
        || proposal.getArgsCount() != 1) {
      return;
    }
    RegisterChipsRequest lot;
    try {
      lot = Args.decode(proposal.getArgs(0), RegisterChipsRequest.parser(), "lot");
    } catch (RuleViolation e) {
      return;
    }
    for (ChipSpec spec : lot.getChipsList()) {
      ChipKeyCheck.prewarm(spec.getPublicKey());
    }
  }

  /**
   * The proposal's time is the transaction's time for the rules (loss periods, transit days,
   * campaign periods): it must lie within the policy's skew window of the ledger's clock.
   */
  private void requireWithinSkew(Instant at, String txId) {
    Duration skew = skew();
    Instant now = Instant.now();
    if (at.isBefore(now.minus(skew)) || at.isAfter(now.plus(skew))) {
      throw new LedgerException(
          ErrorCode.PROPOSAL_TIME_SKEW,
          "proposal "
              + txId
              + " is dated "
              + at
              + ", more than "
              + skew.toSeconds()
              + " s from the ledger's clock ("
              + now
              + ")");
    }
  }

  /** The policy's window, or Fabric's default timewindow of 15 minutes. */
  private Duration skew() {
    byte[] raw = store.get(store.state, StateKeys.encode(Policies.key()));
    if (raw == null || raw.length == 0) {
      return DEFAULT_SKEW;
    }
    try {
      int seconds = Policy.parseFrom(raw).getProposalSkewSeconds();
      return seconds == 0 ? DEFAULT_SKEW : Duration.ofSeconds(seconds);
    } catch (InvalidProtocolBufferException e) {
      return DEFAULT_SKEW;
    }
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

  /**
   * Verifies a snapshot batch's chip signatures ahead of the rules, on the verifying thread, by the
   * keys the chips have in committed state (see {@link PrecheckedSignatures}): the committer then
   * checks each record's chain and takes its signature without verifying it. A record that does not
   * parse, or names an unknown chip, is left to the rules.
   */
  void prewarmSnapshotSignatures(TxProposal proposal) {
    if (!ContractFunctions.SnapshotFunctions.SUBMIT_SNAPSHOT_BATCH.equals(proposal.getFunction())
        || proposal.getArgsCount() != 1) {
      return;
    }
    SubmitSnapshotBatchRequest batch;
    try {
      batch = Args.decode(proposal.getArgs(0), SubmitSnapshotBatchRequest.parser(), "batch");
    } catch (RuleViolation e) {
      return;
    }
    Map<String, ByteString> keys = new HashMap<>();
    for (SignedSnapshotRecord signed : batch.getRecordsList()) {
      try {
        String serial = SnapshotRules.parse(signed).getChipSerial();
        ByteString key = keys.computeIfAbsent(serial, this::chipKey);
        if (!key.isEmpty()) {
          PrecheckedSignatures.prewarm(
              key, signed.getRecord().toByteArray(), signed.getSignature().toByteArray(), records);
        }
      } catch (RuleViolation | IllegalArgumentException e) {
        // Left to the rules, which refuse it with their own code.
      }
    }
  }

  /** The chip's registered key in committed state; empty if the chip is unknown or unreadable. */
  private ByteString chipKey(String serial) {
    byte[] raw = store.get(store.state, StateKeys.encode(ChipStore.key(serial)));
    if (raw == null || raw.length == 0) {
      return ByteString.EMPTY;
    }
    try {
      return Chip.parseFrom(raw).getPublicKey();
    } catch (InvalidProtocolBufferException e) {
      return ByteString.EMPTY;
    }
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
