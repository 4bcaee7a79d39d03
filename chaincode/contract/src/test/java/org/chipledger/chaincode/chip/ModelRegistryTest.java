package org.chipledger.chaincode.chip;

import static org.assertj.core.api.Assertions.assertThat;

import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.policy.Policies;
import org.chipledger.chaincode.run.PeakRates;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ChipModel;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 8: a chip's TPP, and so its controlled status, is its registered model's, and the
 * compute rules price chip time at the model's registered peak rate.
 */
class ModelRegistryTest {
  private final World world = new World();

  @Test
  void aFabCannotUnderDeclareAControlledModelToMakeItUncontrolled() {
    ChipSpec underDeclared = World.spec("UNDER-1", 1000).toBuilder().setModel("TPP-5000").build();
    world.rejected(
        ErrorCode.MODEL_MISMATCH, world.fabUs, s -> ChipRegistry.register(s, lot(underDeclared)));
  }

  @Test
  void aChipOfAnUnregisteredModelIsRefused() {
    ChipSpec rogue = World.spec("ROGUE-1", 5000).toBuilder().setModel("NOT-A-MODEL").build();
    world.rejected(
        ErrorCode.MODEL_NOT_REGISTERED, world.fabUs, s -> ChipRegistry.register(s, lot(rogue)));
  }

  @Test
  void aChipThatDeclaresNoTppTakesItsModelsAndIsClassifiedByIt() {
    ChipSpec silent = World.spec("SILENT-1", 5000).toBuilder().clearTpp().build();
    world.tx(world.fabUs, s -> ChipRegistry.register(s, lot(silent)));

    assertThat(world.chip("SILENT-1").getTpp()).isEqualTo(5000);
    assertThat(world.chip("SILENT-1").getControlled()).isTrue();
  }

  @Test
  void onlyTheSecretariatRegistersModelsAndARegisteredModelNeverChanges() {
    ChipModel fast = model("FAST", 20_000, 2e15);
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, world.fabUs, s -> ModelRegistry.register(s, fast));
    world.tx(world.admin, s -> ModelRegistry.register(s, fast));
    // The same figures again change nothing.
    world.tx(world.admin, s -> ModelRegistry.register(s, fast));
    world.rejected(
        ErrorCode.MODEL_MISMATCH,
        world.admin,
        s -> ModelRegistry.register(s, model("FAST", 4000, 2e15)));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s -> ModelRegistry.register(s, model("SLOW", 4000, 0)));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s -> ModelRegistry.register(s, model("NAN", Double.NaN, 1e15)));
    assertThat(world.tx(world.dcUs, s -> ModelRegistry.get(s, "FAST")).getTpp()).isEqualTo(20_000);
    assertThat(world.tx(world.dcUs, ModelRegistry::list).getModelsList())
        .extracting(ChipModel::getModel)
        .contains("FAST", "TPP-5000");
  }

  @Test
  void theComputeRulesReadTheRegisteredPeakRateAndThePolicyRateOnlyForUnregisteredModels() {
    world.registerModel("FAST", 20_000, 2e15);
    world.setPolicy(
        p ->
            p.setInspection(
                InspectionParameters.newBuilder()
                    .setDetectionProbability(0.9)
                    .setTrainingDays(30)
                    .setMonitoringPeriodDays(30)
                    .setThresholdFlop(1e25)
                    .setSnapshotsPerDay(1)
                    .setChipFlopPerDay(86_400e12)));

    double registered =
        world.tx(world.admin, s -> PeakRates.flopPerSecond(s, Policies.current(s), "FAST"));
    double legacy =
        world.tx(world.admin, s -> PeakRates.flopPerSecond(s, Policies.current(s), "OLD"));

    assertThat(registered).isEqualTo(2e15);
    assertThat(legacy).isEqualTo(1e12);
  }

  private static RegisterChipsRequest lot(ChipSpec chip) {
    return RegisterChipsRequest.newBuilder()
        .setLotId("LOT-" + chip.getSerial())
        .addChips(chip)
        .build();
  }

  private static ChipModel model(String name, double tpp, double peak) {
    return ChipModel.newBuilder().setModel(name).setTpp(tpp).setPeakFlopPerSecond(peak).build();
  }
}
