package org.chipledger.chaincode.anchoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.AnchorTipRequest;
import org.chipledger.proto.ledger.v1.AnchoredTip;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.ChainAnchor;
import org.junit.jupiter.api.Test;

/**
 * The anchoring contract against an embedded ledger's operator who holds the node key's ledger id
 * hostage: forged and foreign-key tips, rollbacks, replays and forks are refused and change
 * nothing.
 */
class AnchoringTest {
  private static final String LEDGER = "embedded-us";
  private final World world = new World();
  private final NodeChain chain = new NodeChain(NodeChain.newKeys(), "honest");

  private static AnchorTipRequest request(ChainAnchor anchor) {
    return AnchorTipRequest.newBuilder().setLedgerId(LEDGER).setAnchor(anchor).build();
  }

  private AnchoredTip anchored(long height) {
    return world.tx(world.dcUs, s -> Anchoring.anchor(s, request(chain.anchor(height))));
  }

  private void registered(long height) {
    world.tx(world.admin, s -> Anchoring.anchor(s, request(chain.anchor(height))));
  }

  private void refused(ErrorCode code, ChainAnchor anchor) {
    world.rejected(code, world.dcUs, s -> Anchoring.anchor(s, request(anchor)));
  }

  @Test
  void theAdminRegistersTheLedgerAndAnyMemberRelaysLaterTips() {
    registered(3);
    AnchoredTip tip = anchored(4);
    assertThat(tip.getAnchoredBy()).isEqualTo("dc-us");
    assertThat(tip.getRegisteredBy()).isEqualTo("treaty");
    anchored(9);
    AnchoredTip latest = world.tx(world.fabTw, s -> Anchoring.latest(s, LEDGER));
    assertThat(latest.getAnchor().getHeight()).isEqualTo(9);
    assertThat(latest.getAnchor().getBlockHash())
        .isEqualTo(ByteString.copyFrom(org.chipledger.crypto.Sha256.of(chain.header(8))));
    assertThat(world.tx(world.fabTw, s -> Anchoring.history(s, LEDGER)).getTipsList())
        .extracting(t -> t.getAnchor().getHeight())
        .containsExactly(3L, 4L, 9L);
  }

  @Test
  void onlyAnAdminRegistersALedgerId() {
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE,
        world.dcUs,
        s -> Anchoring.anchor(s, request(chain.anchor(2))));
    world.rejected(ErrorCode.ANCHOR_NOT_FOUND, world.fabTw, s -> Anchoring.latest(s, LEDGER));
    world.rejected(ErrorCode.ANCHOR_NOT_FOUND, world.fabTw, s -> Anchoring.history(s, LEDGER));
  }

  @Test
  void aHeaderSignedByAnotherKeyIsRefused() {
    registered(3);
    BlockHeader header = NodeChain.parse(chain.header(4));
    BlockHeader forged = NodeChain.signed(header, NodeChain.newKeys().getPrivate());
    refused(ErrorCode.ANCHOR_SIGNATURE_INVALID, NodeChain.around(chain.anchor(5), forged));
  }

  @Test
  void aHeaderEditedAfterSigningIsRefused() {
    registered(3);
    BlockHeader header = NodeChain.parse(chain.header(4));
    BlockHeader edited =
        header.toBuilder().setStateDigest(ByteString.copyFrom(new byte[32])).build();
    refused(ErrorCode.ANCHOR_SIGNATURE_INVALID, NodeChain.around(chain.anchor(5), edited));
  }

  @Test
  void aFirstAnchorThatItsOwnKeyDidNotSignIsRefused() {
    BlockHeader header = NodeChain.parse(chain.header(1));
    BlockHeader forged = NodeChain.signed(header, NodeChain.newKeys().getPrivate());
    world.rejected(
        ErrorCode.ANCHOR_SIGNATURE_INVALID,
        world.admin,
        s -> Anchoring.anchor(s, request(NodeChain.around(chain.anchor(2), forged))));
  }

  @Test
  void aTipOfAnotherNodeKeyIsRefusedEvenIfSelfSigned() {
    registered(3);
    NodeChain impostor = new NodeChain(NodeChain.newKeys(), "impostor");
    refused(ErrorCode.ANCHOR_KEY_MISMATCH, impostor.anchor(6));
  }

  @Test
  void aLowerHeightIsRefused() {
    registered(6);
    refused(ErrorCode.ANCHOR_NOT_ADVANCING, chain.anchor(4));
  }

  @Test
  void aReplayOfTheAnchoredTipIsRefused() {
    registered(6);
    refused(ErrorCode.ANCHOR_NOT_ADVANCING, chain.anchor(6));
    world.rejected(
        ErrorCode.ANCHOR_NOT_ADVANCING,
        world.admin,
        s -> Anchoring.anchor(s, request(chain.anchor(6))));
  }

  @Test
  void anotherBlockAtTheAnchoredHeightIsAFork() {
    registered(6);
    refused(ErrorCode.ANCHOR_FORK, chain.forkAfter(3).anchor(6));
  }

  @Test
  void aNextBlockThatDoesNotLinkToTheAnchoredOneIsAFork() {
    registered(6);
    refused(ErrorCode.ANCHOR_FORK, chain.forkAfter(4).anchor(7));
    anchored(7);
  }

  @Test
  void anAnchorWhoseFieldsDoNotRepeatItsHeaderIsMalformed() {
    registered(3);
    ChainAnchor honest = chain.anchor(5);
    refused(
        ErrorCode.MALFORMED_ARGUMENT,
        honest.toBuilder().setBlockHash(ByteString.copyFrom(new byte[32])).build());
    refused(ErrorCode.MALFORMED_ARGUMENT, honest.toBuilder().setHeight(7).build());
    refused(
        ErrorCode.MALFORMED_ARGUMENT,
        honest.toBuilder().setHeader(ByteString.copyFromUtf8("not a header")).build());
    refused(ErrorCode.MALFORMED_ARGUMENT, honest.toBuilder().clearNodeKey().build());
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s -> Anchoring.anchor(s, request(honest).toBuilder().setLedgerId("../x y").build()));
  }
}
