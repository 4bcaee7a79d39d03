package org.chipledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.anchoring.TipAnchorer;
import org.chipledger.client.cast.Cast;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.AnchoredTip;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded ledger's tip anchored through the anchoring contract on a channel: a second embedded
 * ledger ({@code ChannelAnchorTest}) or the Fabric network ({@code FabricAnchoringIT}); the same
 * contract code runs on both. The operator of the anchored ledger cuts blocks off or re-hashes
 * forward with its own node key; the channel's anchors catch both.
 */
public abstract class ChannelAnchorScenarios {
  // Each test its own ledger id: on Fabric the tests share one channel.
  private final String ledgerId = "embedded-" + UUID.randomUUID().toString().substring(0, 8);
  private final TestConsortium consortium = new TestConsortium();
  @TempDir Path node;
  @TempDir Path other;

  /** The founded channel the tips are anchored on. */
  protected abstract Cast channel();

  @BeforeEach
  void aNodeWithFourBlocksOfWrites() {
    try (EmbeddedLedger ledger = consortium.create(node)) {
      put(ledger, 1, 4);
    }
  }

  private void put(EmbeddedLedger ledger, int from, int to) {
    Ledger fab = ledger.connect(consortium.fab);
    for (int i = from; i <= to; i++) {
      fab.submit("testkv:Put", List.of("chip-" + i, "owner=fab-tw"));
    }
  }

  private TipAnchorer anchorer(String orgId) {
    return new TipAnchorer(node, channel().as(orgId), ledgerId);
  }

  @Test
  public void tipsAreAnchoredOnceEachAndTheLogIsCheckedAgainstAll() {
    TipAnchorer.Outcome first = anchorer("treaty").anchorNow();
    assertThat(first).isInstanceOf(TipAnchorer.Outcome.Anchored.class);
    assertThat(first.tip().getAnchor().getHeight()).isEqualTo(5);
    assertThat(anchorer("dc-us").anchorNow()).isInstanceOf(TipAnchorer.Outcome.Unchanged.class);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(node)) {
      put(ledger, 5, 6);
    }
    AnchoredTip second = anchorer("dc-us").anchorNow().tip();
    assertThat(second.getAnchor().getHeight()).isEqualTo(7);
    assertThat(second.getAnchoredBy()).isEqualTo("dc-us");
    assertThat(second.getRegisteredBy()).isEqualTo("treaty");
    assertThat(channel().as("fab-tw").anchorHistory(ledgerId).getTipsList()).hasSize(2);
    VerifyReport report = anchorer("fab-tw").verifyAgainstChannel();
    assertThat(report.ok()).as(report.problem()).isTrue();
  }

  @Test
  public void cuttingBlocksOffIsCaughtAgainstTheChannel() throws Exception {
    anchorer("treaty").anchorNow();
    ChainForger.truncate(node, 2);
    EmbeddedLedger.rebuildState(node);
    // The cut log verifies on its own...
    assertThat(EmbeddedLedger.verify(node, null).ok()).isTrue();
    // ...but not against the tip anchored on the channel.
    VerifyReport report = anchorer("fab-tw").verifyAgainstChannel();
    assertThat(report.ok()).isFalse();
    assertThat(report.code()).isEqualTo(ErrorCode.ANCHOR_MISMATCH);
    assertThat(report.problem()).contains("holds 3 blocks").contains("cut off");
  }

  @Test
  public void reHashingForwardWithTheNodeKeyIsRefusedByTheChannelAndCaughtAgainstIt()
      throws Exception {
    AnchoredTip anchored = anchorer("treaty").anchorNow().tip();
    NodeKey key = NodeKey.load(node, anchored.getAnchor().getNodeKey().toByteArray());
    ChainForger.rewrite(node, new TxPosition(2, 0), ChannelAnchorScenarios::steal, key::sign);
    EmbeddedLedger.rebuildState(node);

    // The forged tip stands at the anchored height with another hash: the channel refuses it.
    assertThatThrownBy(() -> anchorer("treaty").anchorNow())
        .isInstanceOfSatisfying(
            LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ANCHOR_FORK));
    assertThat(channel().as("fab-tw").anchoredTip(ledgerId)).isEqualTo(anchored);
    VerifyReport report = anchorer("fab-tw").verifyAgainstChannel();
    assertThat(report.code()).isEqualTo(ErrorCode.ANCHOR_MISMATCH);
    assertThat(report.problem()).contains("forks");
  }

  @Test
  public void anotherNodeCannotAnchorUnderTheLedgersIdNorAMemberRegisterIt() {
    assertThatThrownBy(() -> anchorer("dc-us").anchorNow())
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED_ROLE));
    anchorer("treaty").anchorNow();
    try (EmbeddedLedger impostor = consortium.create(other)) {
      put(impostor, 1, 9);
    }
    assertThatThrownBy(() -> new TipAnchorer(other, channel().as("treaty"), ledgerId).anchorNow())
        .isInstanceOfSatisfying(
            LedgerException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ANCHOR_KEY_MISMATCH));
    assertThat(channel().as("fab-tw").anchorHistory(ledgerId).getTipsList()).hasSize(1);
  }

  private static TxRecord steal(TxRecord record) {
    return record.toBuilder()
        .setWrites(
            0, record.getWrites(0).toBuilder().setValue(ByteString.copyFromUtf8("owner=thief")))
        .build();
  }
}
