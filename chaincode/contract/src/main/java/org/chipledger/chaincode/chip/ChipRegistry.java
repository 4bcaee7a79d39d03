package org.chipledger.chaincode.chip;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Paging;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipIndex;
import org.chipledger.proto.ledger.v1.ChipKeyOrigin;
import org.chipledger.proto.ledger.v1.ChipPage;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.ChipVersion;
import org.chipledger.proto.ledger.v1.ChipsRegistered;
import org.chipledger.proto.ledger.v1.HistoryPage;
import org.chipledger.proto.ledger.v1.HistoryRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.ListChipsRequest;
import org.chipledger.proto.ledger.v1.Lot;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.Role;

/** The chip directory: fabs register lots; anyone admitted reads chips, lists and histories. */
public final class ChipRegistry {
  static final String LOT = "lot";

  private ChipRegistry() {}

  /**
   * Registers a lot of chips made by the calling fab. Each chip must be of a registered model,
   * whose TPP the chip takes (a declared TPP must match it); the policy's threshold then says
   * whether it is controlled.
   */
  public static Lot register(LedgerState state, RegisterChipsRequest request) {
    Organization fab = Membership.require(state, Role.ROLE_FAB);
    Policy policy = Policies.current(state);
    Checks.id("lot id", request.getLotId());
    List<String> serials = request.getChipsList().stream().map(ChipSpec::getSerial).toList();
    Checks.serials(serials);
    Checks.require(
        Records.load(state, lotKey(request.getLotId()), Lot.parser()).isEmpty(),
        ErrorCode.LOT_EXISTS,
        "lot " + request.getLotId() + " is already registered");

    int controlled = 0;
    for (ChipSpec spec : request.getChipsList()) {
      validate(spec);
      Checks.require(
          !policy.getTokenChipKeysOnly()
              || spec.getKeyOrigin() == ChipKeyOrigin.CHIP_KEY_ORIGIN_TOKEN,
          ErrorCode.INVALID_CHIP_KEY,
          "chip "
              + spec.getSerial()
              + " key was not made in a token ("
              + spec.getKeyOrigin()
              + "); the policy takes token-held keys only");
      Checks.require(
          ChipStore.find(state, spec.getSerial()).isEmpty(),
          ErrorCode.DUPLICATE_SERIAL,
          "chip " + spec.getSerial() + " is already registered");
      double tpp = ModelRegistry.tppOf(state, spec);
      boolean isControlled = tpp >= policy.getControlledTppThreshold();
      controlled += isControlled ? 1 : 0;
      ChipStore.insert(
          state,
          Chip.newBuilder()
              .setSerial(spec.getSerial())
              .setModel(spec.getModel())
              .setTpp(tpp)
              .setPublicKey(spec.getPublicKey())
              .setFirmwareVersion(spec.getFirmwareVersion())
              .setKeyOrigin(spec.getKeyOrigin())
              .setFabOrg(fab.getOrgId())
              .setLotId(request.getLotId())
              .setControlled(isControlled)
              .setHolderOrg(fab.getOrgId())
              .setStatus(ChipStatus.CHIP_STATUS_ACTIVE)
              .setCountry(fab.getCountry())
              .setRegisteredAt(state.txTime())
              .setStatusSince(state.txTime())
              .build());
    }
    Lot lot =
        Lot.newBuilder()
            .setLotId(request.getLotId())
            .setFabOrg(fab.getOrgId())
            .setChipCount(serials.size())
            .setControlledCount(controlled)
            .setCountry(fab.getCountry())
            .setRegisteredAt(state.txTime())
            .build();
    state.put(lotKey(lot.getLotId()), lot.toByteArray());
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setChipsRegistered(
                ChipsRegistered.newBuilder()
                    .setLotId(lot.getLotId())
                    .setCount(lot.getChipCount())
                    .setControlled(controlled)));
    return lot;
  }

  private static void validate(ChipSpec spec) {
    Checks.require(
        !spec.getModel().isBlank(),
        ErrorCode.MALFORMED_ARGUMENT,
        "chip " + spec.getSerial() + " has no model");
    // 0 declares nothing: the chip takes its model's TPP.
    Checks.require(
        spec.getTpp() == 0 || (spec.getTpp() > 0 && Double.isFinite(spec.getTpp())),
        ErrorCode.MALFORMED_ARGUMENT,
        "chip " + spec.getSerial() + " has an invalid TPP");
    requireP256Key(spec);
  }

  /**
   * The chip's key signs its snapshots later, so a key that does not parse is refused now; each key
   * is parsed once, here or ahead of the rules by {@link ChipKeyCheck#prewarm}.
   */
  private static void requireP256Key(ChipSpec spec) {
    ChipKeyCheck.take(spec.getPublicKey())
        .ifPresent(
            problem -> {
              throw new RuleViolation(
                  ErrorCode.INVALID_CHIP_KEY, "chip " + spec.getSerial() + " " + problem);
            });
  }

  public static Chip get(LedgerState state, String serial) {
    Membership.requireMember(state);
    return ChipStore.get(state, Checks.id("serial", serial));
  }

  public static Optional<Lot> lot(LedgerState state, String lotId) {
    Membership.requireMember(state);
    return Records.load(state, lotKey(Checks.id("lot id", lotId)), Lot.parser());
  }

  /** One page of chips from an index: by holder, by country, by status, or all. */
  public static ChipPage list(LedgerState state, ListChipsRequest request) {
    Membership.requireMember(state);
    int pageSize = Paging.size(request.getPageSize());
    String bookmark = Paging.decode(request.getBookmark());
    LedgerState.Page page =
        switch (request.getIndex()) {
          case CHIP_INDEX_HOLDER ->
              state.scan(
                  ChipStore.BY_HOLDER,
                  List.of(Checks.id("holder", request.getValue())),
                  pageSize,
                  bookmark);
          case CHIP_INDEX_COUNTRY ->
              state.scan(
                  ChipStore.BY_COUNTRY_STATUS_INDEX,
                  List.of(Checks.country("country", request.getValue())),
                  pageSize,
                  bookmark);
          case CHIP_INDEX_STATUS ->
              state.scan(
                  ChipStore.BY_STATUS_INDEX,
                  List.of(StatusNames.of(parseStatus(request.getValue()))),
                  pageSize,
                  bookmark);
          case CHIP_INDEX_ALL -> state.scan(ChipStore.CHIP, List.of(), pageSize, bookmark);
          default ->
              throw new RuleViolation(
                  ErrorCode.MALFORMED_ARGUMENT, "choose an index: holder, country, status or all");
        };
    ChipPage.Builder result = ChipPage.newBuilder().setBookmark(Paging.encode(page.bookmark()));
    for (LedgerState.Entry entry : page.entries()) {
      if (request.getIndex() == ChipIndex.CHIP_INDEX_ALL) {
        result.addChips(Records.parse(entry.value(), Chip.parser(), entry.key()));
      } else {
        result.addChips(ChipStore.get(state, CompositeKeys.lastAttribute(entry.key())));
      }
    }
    return result.build();
  }

  private static ChipStatus parseStatus(String value) {
    try {
      ChipStatus status = StatusNames.parse(value);
      if (status == ChipStatus.CHIP_STATUS_UNSPECIFIED) {
        throw new IllegalArgumentException(value);
      }
      return status;
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(ErrorCode.MALFORMED_ARGUMENT, "unknown chip status '" + value + "'");
    }
  }

  /** A page of a chip's versions, oldest first; the bookmark is the index of the next version. */
  public static HistoryPage history(LedgerState state, HistoryRequest request) {
    Membership.requireMember(state);
    String serial = Checks.id("serial", request.getSerial());
    ChipStore.get(state, serial);
    int pageSize = Paging.size(request.getPageSize());
    int start = parseBookmark(request.getBookmark());
    // Peers return history newest first, the embedded ledger oldest first: order it here.
    List<LedgerState.Version> versions = new ArrayList<>(state.history(ChipStore.key(serial)));
    versions.sort((a, b) -> Times.compare(a.timestamp(), b.timestamp()));
    HistoryPage.Builder page = HistoryPage.newBuilder();
    int end = Math.min(versions.size(), start + pageSize);
    for (LedgerState.Version v : versions.subList(Math.min(start, end), end)) {
      ChipVersion.Builder version =
          ChipVersion.newBuilder()
              .setTxId(v.txId())
              .setTimestamp(v.timestamp())
              .setDeleted(v.deleted());
      if (!v.deleted()) {
        version.setChip(Records.parse(v.value(), Chip.parser(), ChipStore.key(serial)));
      }
      page.addVersions(version);
    }
    return page.setBookmark(end < versions.size() ? Integer.toString(end) : "").build();
  }

  private static int parseBookmark(String bookmark) {
    if (bookmark.isEmpty()) {
      return 0;
    }
    try {
      int start = Integer.parseInt(bookmark);
      Checks.require(start >= 0, ErrorCode.MALFORMED_ARGUMENT, "negative bookmark");
      return start;
    } catch (NumberFormatException e) {
      throw new RuleViolation(
          ErrorCode.MALFORMED_ARGUMENT, "bookmark '" + bookmark + "' is invalid");
    }
  }

  static String lotKey(String lotId) {
    return CompositeKeys.of(LOT, lotId);
  }

  /** Every registered lot, for production accounting. */
  public static List<Lot> lots(LedgerState state) {
    return Records.parseAll(state.scanAll(LOT, List.of()), Lot.parser());
  }
}
