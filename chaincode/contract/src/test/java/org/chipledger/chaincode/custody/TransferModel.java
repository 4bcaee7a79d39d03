package org.chipledger.chaincode.custody;

import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_CANCELLED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_COMPLETED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_HELD;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_IN_TRANSIT;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_PROPOSED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_REJECTED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_SEIZED;
import static org.chipledger.proto.ledger.v1.TransferStatus.TRANSFER_STATUS_UNSPECIFIED;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.chipledger.chaincode.custody.TransferLifecycle.Action;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.TransferStatus;

/**
 * An independent model of custody transfers for {@link TransferLifecyclePropertiesTest}: written
 * from the rules as the documentation states them, sharing no code with the chaincode. It predicts
 * whether an action is accepted, with which status, or with which code it is refused; it changes
 * its own state only on acceptance.
 */
final class TransferModel {
  /** What a caller's role lets it do to transfers. */
  enum Kind {
    HOLDER,
    CUSTOMS,
    ADMIN
  }

  /** A party in the story. */
  record Party(Caller caller, Kind kind) {
    String org() {
      return caller.org();
    }

    String country() {
      return caller.country();
    }
  }

  /** A chip as the model sees it. */
  static final class ChipState {
    String holder;
    String country;
    ChipStatus status;
    ChipStatus prior = ChipStatus.CHIP_STATUS_UNSPECIFIED;
    final boolean controlled;

    ChipState(String holder, String country, ChipStatus status, boolean controlled) {
      this.holder = holder;
      this.country = country;
      this.status = status;
      this.controlled = controlled;
    }
  }

  /** A transfer as the model sees it. */
  static final class TransferState {
    final List<String> serials;
    final String from;
    final String to;
    final String fromCountry;
    final String toCountry;
    final boolean crossBorder;
    TransferStatus status = TRANSFER_STATUS_PROPOSED;
    TransferStatus prior = TRANSFER_STATUS_UNSPECIFIED;

    TransferState(
        List<String> serials, String from, String to, String fromCountry, String toCountry) {
      this.serials = List.copyOf(serials);
      this.from = from;
      this.to = to;
      this.fromCountry = fromCountry;
      this.toCountry = toCountry;
      this.crossBorder = !fromCountry.equals(toCountry);
    }
  }

  /** What the model predicts for one attempt. */
  sealed interface Outcome {}

  /** The action goes through and the transfer ends up in {@code status}. */
  record Accepted(TransferStatus status) implements Outcome {}

  /** The action is refused with {@code code}. */
  record Refused(ErrorCode code) implements Outcome {}

  private static final Map<Action, Set<TransferStatus>> CUSTOMS_FROM =
      Map.of(
          Action.CLEAR_EXPORT, Set.of(TRANSFER_STATUS_AWAITING_EXPORT),
          Action.ENTER_IMPORT, Set.of(TRANSFER_STATUS_IN_TRANSIT),
          Action.HOLD, Set.of(TRANSFER_STATUS_AWAITING_EXPORT, TRANSFER_STATUS_IN_TRANSIT),
          Action.RELEASE, Set.of(TRANSFER_STATUS_HELD, TRANSFER_STATUS_SEIZED),
          Action.SEIZE,
              Set.of(
                  TRANSFER_STATUS_AWAITING_EXPORT,
                  TRANSFER_STATUS_IN_TRANSIT,
                  TRANSFER_STATUS_HELD));

  /** Organisation id to its party; absent ids are not registered. */
  final Map<String, Party> parties = new LinkedHashMap<>();

  final Map<String, ChipState> chips = new LinkedHashMap<>();
  final Map<String, TransferState> transfers = new LinkedHashMap<>();

  Outcome propose(Party actor, String id, List<String> serials, String to, String licence) {
    if (actor.kind() != Kind.HOLDER) {
      return new Refused(ErrorCode.UNAUTHORIZED_ROLE);
    }
    if (transfers.containsKey(id)) {
      return new Refused(ErrorCode.TRANSFER_EXISTS);
    }
    Party receiver = parties.get(to);
    if (receiver == null) {
      return new Refused(ErrorCode.UNKNOWN_ORGANIZATION);
    }
    if (receiver.org().equals(actor.org())) {
      return new Refused(ErrorCode.SELF_TRANSFER);
    }
    if (receiver.kind() != Kind.HOLDER) {
      return new Refused(ErrorCode.WRONG_RECEIVER);
    }
    String origin = null;
    boolean controlled = false;
    for (String serial : serials) {
      ChipState chip = chips.get(serial);
      ErrorCode problem = unavailable(chip, actor, origin);
      if (problem != null) {
        return new Refused(problem);
      }
      origin = chip.country;
      controlled |= chip.controlled;
    }
    if (!receiver.country().equals(origin) && controlled && licence.isBlank()) {
      return new Refused(ErrorCode.LICENCE_REQUIRED);
    }
    TransferState t = new TransferState(serials, actor.org(), to, origin, receiver.country());
    transfers.put(id, t);
    forChips(t, c -> c.status = ChipStatus.CHIP_STATUS_PENDING_TRANSFER);
    return new Accepted(t.status);
  }

  private static ErrorCode unavailable(ChipState chip, Party actor, String origin) {
    if (chip == null) {
      return ErrorCode.CHIP_NOT_FOUND;
    }
    if (!chip.holder.equals(actor.org())) {
      return ErrorCode.NOT_HOLDER;
    }
    if (chip.status == ChipStatus.CHIP_STATUS_DESTROYED) {
      return ErrorCode.TERMINAL_STATE;
    }
    if (chip.status != ChipStatus.CHIP_STATUS_ACTIVE) {
      return ErrorCode.CHIP_NOT_AVAILABLE;
    }
    return origin != null && !origin.equals(chip.country) ? ErrorCode.CHIP_NOT_AVAILABLE : null;
  }

  /** Any action but a proposal. */
  Outcome act(Party actor, Action action, String id) {
    boolean customsAct = CUSTOMS_FROM.containsKey(action);
    if (actor.kind() != (customsAct ? Kind.CUSTOMS : Kind.HOLDER)) {
      return new Refused(ErrorCode.UNAUTHORIZED_ROLE);
    }
    TransferState t = transfers.get(id);
    if (t == null) {
      return new Refused(ErrorCode.TRANSFER_NOT_FOUND);
    }
    ErrorCode refusal =
        customsAct ? customsRefusal(actor, action, t) : partyRefusal(actor, action, t);
    if (refusal != null) {
      return new Refused(refusal);
    }
    apply(actor, action, t);
    return new Accepted(t.status);
  }

  private static ErrorCode partyRefusal(Party actor, Action action, TransferState t) {
    if (action == Action.CANCEL) {
      if (!t.from.equals(actor.org())) {
        return ErrorCode.NOT_HOLDER;
      }
      return t.status == TRANSFER_STATUS_PROPOSED || t.status == TRANSFER_STATUS_AWAITING_EXPORT
          ? null
          : ErrorCode.INVALID_TRANSFER_STATE;
    }
    if (!t.to.equals(actor.org())) {
      return ErrorCode.WRONG_RECEIVER;
    }
    return t.status == TRANSFER_STATUS_PROPOSED ? null : ErrorCode.INVALID_TRANSFER_STATE;
  }

  private static ErrorCode customsRefusal(Party actor, Action action, TransferState t) {
    if (!CUSTOMS_FROM.get(action).contains(t.status)) {
      return ErrorCode.INVALID_TRANSFER_STATE;
    }
    boolean onHold = t.status == TRANSFER_STATUS_HELD || t.status == TRANSFER_STATUS_SEIZED;
    TransferStatus stage = onHold ? t.prior : t.status;
    String country = stage == TRANSFER_STATUS_AWAITING_EXPORT ? t.fromCountry : t.toCountry;
    return actor.country().equals(country) ? null : ErrorCode.CUSTOMS_WRONG_COUNTRY;
  }

  private void apply(Party actor, Action action, TransferState t) {
    switch (action) {
      case ACCEPT -> {
        if (t.crossBorder) {
          t.status = TRANSFER_STATUS_AWAITING_EXPORT;
        } else {
          t.status = TRANSFER_STATUS_COMPLETED;
          forChips(t, c -> handBack(c, t.to, c.country));
        }
      }
      case REJECT, CANCEL -> {
        t.status = action == Action.REJECT ? TRANSFER_STATUS_REJECTED : TRANSFER_STATUS_CANCELLED;
        forChips(t, c -> handBack(c, c.holder, c.country));
      }
      case CLEAR_EXPORT -> {
        t.status = TRANSFER_STATUS_IN_TRANSIT;
        forChips(t, c -> c.status = ChipStatus.CHIP_STATUS_IN_TRANSIT);
      }
      case ENTER_IMPORT -> {
        t.status = TRANSFER_STATUS_COMPLETED;
        forChips(t, c -> handBack(c, t.to, t.toCountry));
      }
      case HOLD -> {
        t.prior = t.status;
        t.status = TRANSFER_STATUS_HELD;
        forChips(t, c -> hold(c));
      }
      case RELEASE -> release(actor, t);
      case SEIZE -> {
        t.prior = t.status == TRANSFER_STATUS_HELD ? t.prior : t.status;
        t.status = TRANSFER_STATUS_SEIZED;
        forChips(t, c -> seize(c, actor));
      }
      default -> throw new IllegalArgumentException("not an act on a transfer: " + action);
    }
  }

  private void release(Party actor, TransferState t) {
    if (t.status == TRANSFER_STATUS_HELD) {
      t.status = t.prior;
      t.prior = TRANSFER_STATUS_UNSPECIFIED;
      forChips(t, c -> handBack(c, c.holder, c.country, c.prior));
    } else {
      t.status = TRANSFER_STATUS_CANCELLED;
      forChips(t, c -> handBack(c, t.from, actor.country()));
    }
  }

  private static void hold(ChipState chip) {
    chip.prior = chip.status;
    chip.status = ChipStatus.CHIP_STATUS_HELD;
  }

  private static void seize(ChipState chip, Party customs) {
    chip.status = ChipStatus.CHIP_STATUS_SEIZED;
    chip.holder = customs.org();
    chip.country = customs.country();
  }

  private static void handBack(ChipState chip, String holder, String country) {
    handBack(chip, holder, country, ChipStatus.CHIP_STATUS_ACTIVE);
  }

  private static void handBack(ChipState chip, String holder, String country, ChipStatus status) {
    chip.holder = holder;
    chip.country = country;
    chip.status = status;
    chip.prior = ChipStatus.CHIP_STATUS_UNSPECIFIED;
  }

  private void forChips(TransferState t, Consumer<ChipState> change) {
    for (String serial : t.serials) {
      change.accept(chips.get(serial));
    }
  }
}
