package org.chipledger.app.inspection;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.TreeSet;
import org.chipledger.chaincode.inspection.Campaigns;
import org.chipledger.chaincode.inspection.Population;
import org.chipledger.chaincode.inspection.SampleDraw;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.CampaignState;
import org.chipledger.proto.ledger.v1.CampaignView;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipIndex;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.Flag;

/**
 * Anyone's check of a campaign's draw: the revealed seed matches the commitment, and the same draw
 * ({@link SampleDraw}) over the owner's population yields the recorded sample.
 *
 * <p>The population is today's, with the chips this campaign's own findings marked missing put
 * back. If that differs from the population the draw used (its digest says so), chips came or went
 * since, and the sample cannot be re-derived from the ledger's current state: the check says so
 * rather than guess.
 */
public final class SampleVerification {
  private SampleVerification() {}

  /** What the check found. */
  public enum Outcome {
    /** Seed and sample check out. */
    VERIFIED,
    /** The revealed seed is not the committed one, or the recorded sample is not the draw's. */
    MISMATCH,
    /** The owner's population changed since the draw; the sample cannot be re-derived. */
    POPULATION_CHANGED,
    /** The campaign has not been drawn yet. */
    NOT_DRAWN
  }

  /**
   * The check's result.
   *
   * @param outcome the verdict
   * @param seedMatches SHA-256 of the revealed seed equals the commitment
   * @param populationNow C as re-derived now (with chips this campaign marked missing)
   * @param restored chips this campaign marked missing, counted back into the population
   * @param rederived the re-derived sample (empty unless the population matched)
   * @param detail one sentence for people
   */
  public record Result(
      Outcome outcome,
      boolean seedMatches,
      long populationNow,
      int restored,
      List<String> rederived,
      String detail) {}

  /** The chips a scope draws from, before the monitored filter: an owner's, a country's, all. */
  private static List<Chip> chipsOf(LedgerClient ledger, Population.Scope scope) {
    return switch (scope.kind()) {
      case CAMPAIGN_SCOPE_TREATY -> ledger.allChips(ChipIndex.CHIP_INDEX_ALL, "");
      case CAMPAIGN_SCOPE_COUNTRY -> ledger.allChips(ChipIndex.CHIP_INDEX_COUNTRY, scope.country());
      default -> ledger.allChips(ChipIndex.CHIP_INDEX_HOLDER, scope.key());
    };
  }

  /** Checks campaign {@code campaignId}'s draw against the ledger as {@code ledger} reads it. */
  public static Result check(LedgerClient ledger, String campaignId) {
    CampaignView view = ledger.campaign(campaignId);
    Campaign campaign = view.getCampaign();
    if (campaign.getState() != CampaignState.CAMPAIGN_STATE_DRAWN
        && campaign.getState() != CampaignState.CAMPAIGN_STATE_CLOSED) {
      return new Result(Outcome.NOT_DRAWN, false, 0, 0, List.of(), "the seed is not revealed yet");
    }
    byte[] seed = campaign.getSeed().toByteArray();
    boolean seedMatches =
        ByteString.copyFrom(SampleDraw.commitment(seed)).equals(campaign.getSeedCommitment());
    if (!seedMatches) {
      return new Result(
          Outcome.MISMATCH, false, 0, 0, List.of(), "SHA-256(seed) is not the commitment");
    }
    TreeSet<String> population = new TreeSet<>();
    for (Chip chip : chipsOf(ledger, Campaigns.scopeOf(campaign))) {
      if (Population.monitored(chip)) {
        population.add(chip.getSerial());
      }
    }
    int restored = 0;
    for (Finding finding : view.getFindingsList()) {
      boolean markedByUs = finding.getFlagsList().stream().anyMatch(Flag::getChipMarkedMissing);
      if (markedByUs
          && ledger.chip(finding.getSerial()).getStatus() == ChipStatus.CHIP_STATUS_MISSING
          && population.add(finding.getSerial())) {
        restored++;
      }
    }
    List<String> sorted = SampleDraw.sorted(List.copyOf(population));
    boolean samePopulation =
        ByteString.copyFrom(SampleDraw.populationDigest(sorted))
            .equals(campaign.getDrawnPopulationDigest());
    if (!samePopulation) {
      return new Result(
          Outcome.POPULATION_CHANGED,
          true,
          sorted.size(),
          restored,
          List.of(),
          "the owner's monitored chips changed since the draw ("
              + campaign.getDrawnPopulation()
              + " then, "
              + sorted.size()
              + " now, or the same count with other chips); the sample cannot be re-derived"
              + " from today's ledger");
    }
    List<String> rederived =
        SampleDraw.draw(seed, campaign.getAckTxId(), sorted, campaign.getSampleSize());
    boolean same = rederived.equals(campaign.getSampledSerialsList());
    return new Result(
        same ? Outcome.VERIFIED : Outcome.MISMATCH,
        true,
        sorted.size(),
        restored,
        rederived,
        same
            ? "the sample is the draw of the committed seed and the owner's acknowledgement"
            : "the recorded sample is not the draw of the committed seed");
  }
}
