package org.chipledger.chaincode.chip;

import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.proto.ledger.v1.ChipModel;
import org.chipledger.proto.ledger.v1.ChipModelList;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.LedgerEvent;

/**
 * The secretariat's registry of chip models (issue 17 item 8): a chip's TPP, and so whether it is
 * controlled, comes from its model's entry, not from the fab that made it. An entry never changes
 * once registered, since chips already registered were classified by it.
 */
public final class ModelRegistry {
  static final String MODEL = "model";

  /** The most FLOP/s a registered model may claim: far beyond any chip, and finite. */
  private static final double MAX_PEAK_FLOP_PER_SECOND = 1e21;

  private ModelRegistry() {}

  /**
   * Registers a model as the consortium secretariat. Registering it again with the same figures
   * changes nothing; with other figures it is refused.
   */
  public static ChipModel register(LedgerState state, ChipModel request) {
    Policies.requireConsortiumAdmin(state);
    String name = Checks.id("model", request.getModel());
    Checks.require(
        request.getTpp() > 0 && Double.isFinite(request.getTpp()),
        ErrorCode.MALFORMED_ARGUMENT,
        "model " + name + " needs a positive TPP");
    Checks.require(
        request.getPeakFlopPerSecond() > 0
            && request.getPeakFlopPerSecond() <= MAX_PEAK_FLOP_PER_SECOND,
        ErrorCode.MALFORMED_ARGUMENT,
        "model " + name + " needs a peak FLOP/s in (0, 1e21]");
    Optional<ChipModel> existing = find(state, name);
    if (existing.isPresent()) {
      ChipModel known = existing.get();
      Checks.require(
          Double.compare(known.getTpp(), request.getTpp()) == 0
              && Double.compare(known.getPeakFlopPerSecond(), request.getPeakFlopPerSecond()) == 0,
          ErrorCode.MODEL_MISMATCH,
          "model "
              + name
              + " is registered with TPP "
              + known.getTpp()
              + " and peak "
              + known.getPeakFlopPerSecond()
              + " FLOP/s; a registered model never changes");
      return known;
    }
    ChipModel model =
        ChipModel.newBuilder()
            .setModel(name)
            .setTpp(request.getTpp())
            .setPeakFlopPerSecond(request.getPeakFlopPerSecond())
            .setRegisteredAt(state.txTime())
            .build();
    state.put(key(name), model.toByteArray());
    Events.emit(state, LedgerEvent.newBuilder().setModelRegistered(model));
    return model;
  }

  /** The registered model named {@code model}, if any. */
  public static Optional<ChipModel> find(LedgerState state, String model) {
    return Records.load(state, key(model), ChipModel.parser());
  }

  /** A registered model, for members. */
  public static ChipModel get(LedgerState state, String model) {
    Membership.requireMember(state);
    return find(state, Checks.id("model", model))
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.MODEL_NOT_REGISTERED, "model " + model + " is not registered"));
  }

  /** Every registered model, in name order. */
  public static ChipModelList list(LedgerState state) {
    Membership.requireMember(state);
    return ChipModelList.newBuilder()
        .addAllModels(
            Records.parseAll(state.scanAll(MODEL, java.util.List.of()), ChipModel.parser()))
        .build();
  }

  /**
   * The TPP of a chip the fab registers: its model's. A declared TPP (non-zero) must equal it, so
   * that a fab cannot under-declare a controlled chip.
   */
  static double tppOf(LedgerState state, ChipSpec spec) {
    ChipModel model =
        find(state, spec.getModel())
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ErrorCode.MODEL_NOT_REGISTERED,
                        "chip "
                            + spec.getSerial()
                            + " is of model "
                            + spec.getModel()
                            + ", which the secretariat has not registered"));
    Checks.require(
        spec.getTpp() == 0 || Double.compare(spec.getTpp(), model.getTpp()) == 0,
        ErrorCode.MODEL_MISMATCH,
        "chip "
            + spec.getSerial()
            + " declares TPP "
            + spec.getTpp()
            + " but model "
            + model.getModel()
            + " is registered with TPP "
            + model.getTpp());
    return model.getTpp();
  }

  static String key(String model) {
    return CompositeKeys.of(MODEL, model);
  }
}
