package org.chipledger.chaincode.inspection;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.chip.StatusNames;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.proto.ledger.v1.CampaignScope;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;

/**
 * An owner's active monitored chips, the C of Equation (1) and the population a campaign draws
 * from: controlled chips the owner holds that are in service or ready for it (active or deployed).
 * Chips in a shipment, held or seized by customs, or lost, stolen, missing or destroyed are not
 * available to the owner for training, so they are not sampled.
 */
public final class Population {
  /** Names of pools in campaign and plan keys: {@code pool:treaty}, {@code pool:US}. */
  public static final String POOL_PREFIX = "pool:";

  /** The treaty-wide pool's name after the prefix. */
  public static final String TREATY = "treaty";

  private Population() {}

  /**
   * Whose chips a campaign samples: one owner, or (§3.2, against owners who collude to each stay
   * under a per-owner sample) every owner's chips in a country or in the whole treaty.
   *
   * @param key the owner's id, or the pool's name ({@code pool:treaty}, {@code pool:US})
   */
  public record Scope(CampaignScope kind, String country, String key) {
    /** Reads an owner id or a pool name. */
    public static Scope parse(String ownerOrPool) {
      if (ownerOrPool == null || !ownerOrPool.startsWith(POOL_PREFIX)) {
        return new Scope(CampaignScope.CAMPAIGN_SCOPE_OWNER, "", Checks.id("owner", ownerOrPool));
      }
      String pool = ownerOrPool.substring(POOL_PREFIX.length());
      return TREATY.equals(pool)
          ? treaty()
          : new Scope(
              CampaignScope.CAMPAIGN_SCOPE_COUNTRY,
              Checks.country("pool country", pool),
              POOL_PREFIX + pool);
    }

    /** Every owner's chips. */
    public static Scope treaty() {
      return new Scope(CampaignScope.CAMPAIGN_SCOPE_TREATY, "", POOL_PREFIX + TREATY);
    }

    /** Whether this is a pool rather than one owner. */
    public boolean pooled() {
      return kind != CampaignScope.CAMPAIGN_SCOPE_OWNER;
    }
  }

  /** The scope's monitored chips, sorted by serial. */
  public static List<String> of(LedgerState state, Scope scope) {
    if (!scope.pooled()) {
      return of(state, scope.key());
    }
    List<String> serials = new ArrayList<>();
    for (ChipStatus status :
        List.of(ChipStatus.CHIP_STATUS_ACTIVE, ChipStatus.CHIP_STATUS_DEPLOYED)) {
      List<LedgerState.Entry> entries =
          scope.country().isEmpty()
              ? state.scanAll(ChipStore.BY_STATUS_INDEX, List.of(StatusNames.of(status)))
              : state.scanAll(
                  ChipStore.BY_COUNTRY_STATUS_INDEX,
                  List.of(scope.country(), StatusNames.of(status)));
      for (LedgerState.Entry entry : entries) {
        Chip chip = ChipStore.get(state, CompositeKeys.lastAttribute(entry.key()));
        if (monitored(chip)) {
          serials.add(chip.getSerial());
        }
      }
    }
    return SampleDraw.sorted(serials);
  }

  /** Whether a chip belongs to its holder's monitored population. */
  public static boolean monitored(Chip chip) {
    return chip.getControlled()
        && (chip.getStatus() == ChipStatus.CHIP_STATUS_ACTIVE
            || chip.getStatus() == ChipStatus.CHIP_STATUS_DEPLOYED);
  }

  /** The owner's monitored chips, sorted by serial as {@link SampleDraw} indexes them. */
  public static List<String> of(LedgerState state, String ownerOrg) {
    List<String> serials = new ArrayList<>();
    for (LedgerState.Entry entry : state.scanAll(ChipStore.BY_HOLDER, List.of(ownerOrg))) {
      Chip chip = ChipStore.get(state, CompositeKeys.lastAttribute(entry.key()));
      if (monitored(chip)) {
        serials.add(chip.getSerial());
      }
    }
    return SampleDraw.sorted(serials);
  }
}
