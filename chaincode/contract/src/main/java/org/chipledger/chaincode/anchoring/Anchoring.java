package org.chipledger.chaincode.anchoring;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.snapshot.ChipKeyring;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.AnchorTipRequest;
import org.chipledger.proto.ledger.v1.AnchoredTip;
import org.chipledger.proto.ledger.v1.AnchoredTips;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.ChainAnchor;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Role;

/**
 * Embedded ledgers' chain tips, anchored where their operator cannot rewrite them. The first anchor
 * of a ledger id, submitted by a consortium admin, registers the ledger node's key; every later
 * anchor, relayed by any member, must carry that key, be signed by it, stand higher than the last
 * anchored tip and, when it is the very next block, link to it. Refusals change nothing.
 */
public final class Anchoring {
  private static final String ANCHOR = "anchor";
  private static final int MAX_HEADER_BYTES = 4096;
  private static final int MAX_KEY_BYTES = 512;
  private static final ChipKeyring KEYS = new ChipKeyring(64);

  private Anchoring() {}

  /** Records the request's tip as its ledger's latest. */
  public static AnchoredTip anchor(LedgerState state, AnchorTipRequest request) {
    String ledgerId = Checks.id("ledger id", request.getLedgerId());
    ChainAnchor anchor = request.getAnchor();
    BlockHeader header = selfConsistent(anchor);
    Optional<AnchoredTip> last = Records.load(state, key(state, ledgerId), AnchoredTip.parser());
    Organization caller;
    String registeredBy;
    if (last.isEmpty()) {
      caller = Membership.require(state, Role.ROLE_ADMIN);
      registeredBy = caller.getOrgId();
    } else {
      caller = Membership.requireMember(state);
      registeredBy = last.get().getRegisteredBy();
      Checks.require(
          last.get().getAnchor().getNodeKey().equals(anchor.getNodeKey()),
          ErrorCode.ANCHOR_KEY_MISMATCH,
          "ledger " + ledgerId + " is registered with another node key");
    }
    byte[] unsigned = header.toBuilder().clearSignature().build().toByteArray();
    Checks.require(
        KEYS.verify(anchor.getNodeKey(), unsigned, header.getSignature().toByteArray()),
        ErrorCode.ANCHOR_SIGNATURE_INVALID,
        "block " + header.getNumber() + "'s header is not signed by the ledger's node key");
    last.ifPresent(previous -> requireExtends(ledgerId, previous.getAnchor(), anchor, header));
    AnchoredTip tip =
        AnchoredTip.newBuilder()
            .setLedgerId(ledgerId)
            .setAnchor(anchor)
            .setAnchoredBy(caller.getOrgId())
            .setAnchoredAt(state.txTime())
            .setTxId(state.txId())
            .setRegisteredBy(registeredBy)
            .build();
    state.put(key(state, ledgerId), tip.toByteArray());
    return tip;
  }

  /** The latest tip anchored for {@code ledgerId}. */
  public static AnchoredTip latest(LedgerState state, String ledgerId) {
    return Records.load(state, key(state, Checks.id("ledger id", ledgerId)), AnchoredTip.parser())
        .orElseThrow(
            () -> new RuleViolation(ErrorCode.ANCHOR_NOT_FOUND, "no tip anchored for " + ledgerId));
  }

  /** Every tip anchored for {@code ledgerId}, oldest first. */
  public static AnchoredTips history(LedgerState state, String ledgerId) {
    String key = key(state, Checks.id("ledger id", ledgerId));
    AnchoredTips.Builder tips = AnchoredTips.newBuilder();
    for (LedgerState.Version version : state.history(key)) {
      if (!version.deleted()) {
        tips.addTips(Records.parse(version.value(), AnchoredTip.parser(), key));
      }
    }
    if (tips.getTipsCount() == 0) {
      throw new RuleViolation(ErrorCode.ANCHOR_NOT_FOUND, "no tip anchored for " + ledgerId);
    }
    return tips.build();
  }

  private static void requireExtends(
      String ledgerId, ChainAnchor previous, ChainAnchor next, BlockHeader header) {
    long height = previous.getHeight();
    Checks.require(
        next.getHeight() != height || next.getBlockHash().equals(previous.getBlockHash()),
        ErrorCode.ANCHOR_FORK,
        "ledger " + ledgerId + " was anchored at height " + height + " with another block");
    Checks.require(
        next.getHeight() > height,
        ErrorCode.ANCHOR_NOT_ADVANCING,
        "ledger " + ledgerId + " is anchored at height " + height + "; got " + next.getHeight());
    Checks.require(
        next.getHeight() != height + 1 || header.getPreviousHash().equals(previous.getBlockHash()),
        ErrorCode.ANCHOR_FORK,
        "block " + header.getNumber() + " does not link to the anchored block " + (height - 1));
  }

  /** The header the anchor carries, if every field of the anchor repeats it. */
  private static BlockHeader selfConsistent(ChainAnchor anchor) {
    Checks.require(
        anchor.getHeader().size() <= MAX_HEADER_BYTES
            && !anchor.getNodeKey().isEmpty()
            && anchor.getNodeKey().size() <= MAX_KEY_BYTES,
        ErrorCode.MALFORMED_ARGUMENT,
        "the anchor's header or node key is missing or too large");
    BlockHeader header;
    try {
      header = BlockHeader.parseFrom(anchor.getHeader());
    } catch (InvalidProtocolBufferException e) {
      throw new RuleViolation(ErrorCode.MALFORMED_ARGUMENT, "the anchor's header is unreadable");
    }
    Checks.require(
        anchor.getHeight() > 0 && header.getNumber() == anchor.getHeight() - 1,
        ErrorCode.MALFORMED_ARGUMENT,
        "the anchor's height does not match its header");
    Checks.require(
        ByteString.copyFrom(Sha256.of(anchor.getHeader().toByteArray()))
                .equals(anchor.getBlockHash())
            && header.getStateDigest().equals(anchor.getStateDigest()),
        ErrorCode.MALFORMED_ARGUMENT,
        "the anchor's block hash or state digest does not match its header");
    return header;
  }

  private static String key(LedgerState state, String ledgerId) {
    return state.compositeKey(ANCHOR, ledgerId);
  }
}
