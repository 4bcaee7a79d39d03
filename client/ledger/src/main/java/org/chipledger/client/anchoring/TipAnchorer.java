package org.chipledger.client.anchoring;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.embedded.VerifyReport;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.AnchorTipRequest;
import org.chipledger.proto.ledger.v1.AnchoredTip;
import org.chipledger.proto.ledger.v1.ChainAnchor;

/**
 * Anchors an embedded ledger's signed tip on another ledger (a Fabric channel, through the
 * anchoring contract) under the name {@code ledgerId}, and checks the embedded block log against
 * every tip anchored there. The embedded ledger is opened only for the moment of each export, so an
 * anchorer running every few minutes does not hold it.
 */
public record TipAnchorer(Path embeddedDir, LedgerClient channel, String ledgerId) {

  /** What one anchoring round did. */
  public sealed interface Outcome {
    /** The tip anchored by this round. */
    AnchoredTip tip();

    /** The tip was new and is now anchored. */
    record Anchored(AnchoredTip tip) implements Outcome {}

    /** No block was committed since the last anchor; nothing was submitted. */
    record Unchanged(AnchoredTip tip) implements Outcome {}
  }

  /**
   * Exports the embedded ledger's tip and records it on the channel, unless the channel already
   * holds exactly that tip.
   *
   * @throws LedgerException with the contract's code (e.g. ANCHOR_FORK) if the channel refuses it
   */
  public Outcome anchorNow() {
    ChainAnchor anchor;
    try (EmbeddedLedger ledger = EmbeddedLedger.open(embeddedDir)) {
      anchor = ledger.anchor();
    }
    Optional<AnchoredTip> last = latest();
    if (last.isPresent()
        && last.get().getAnchor().getHeight() == anchor.getHeight()
        && last.get().getAnchor().getBlockHash().equals(anchor.getBlockHash())) {
      return new Outcome.Unchanged(last.get());
    }
    return new Outcome.Anchored(
        channel.anchorTip(
            AnchorTipRequest.newBuilder().setLedgerId(ledgerId).setAnchor(anchor).build()));
  }

  /** The latest tip anchored for this ledger, if any. */
  public Optional<AnchoredTip> latest() {
    try {
      return Optional.of(channel.anchoredTip(ledgerId));
    } catch (LedgerException e) {
      if (e.code() == ErrorCode.ANCHOR_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Verifies the (closed) embedded ledger and checks that its log contains every tip anchored on
   * the channel: a log cut short or forked from any of them fails with ANCHOR_MISMATCH.
   *
   * @throws LedgerException ANCHOR_NOT_FOUND if nothing is anchored for this ledger id
   */
  public VerifyReport verifyAgainstChannel() {
    List<ChainAnchor> anchors =
        channel.anchorHistory(ledgerId).getTipsList().stream().map(AnchoredTip::getAnchor).toList();
    return EmbeddedLedger.verifyAgainst(embeddedDir, anchors);
  }
}
