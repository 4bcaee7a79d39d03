package org.chipledger.chaincode.customs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.chaincode.testing.World.action;

import java.util.List;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomsTest {
  private final World world = new World();
  private final List<String> chips = world.registerLot(world.fabTw, "TW", 3, 5000);
  private Transfer shipment;

  @BeforeEach
  void proposeAndAcceptAnExportToTheUs() {
    world.issueLicence("LIC-1", world.fabTw, world.dcUs, chips.size());
    Transfer proposed = world.propose(world.fabTw, "dc-us", chips, "LIC-1");
    shipment = world.tx(world.dcUs, s -> Transfers.accept(s, action(proposed)));
  }

  @Test
  void crossBorderTransferPassesBothCustoms() {
    assertThat(shipment.getStatus()).isEqualTo(TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT);
    world.tx(world.customsTw, s -> Customs.clearExport(s, action(shipment)));
    Chip inTransit = world.chip(chips.get(0));
    assertThat(inTransit.getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_IN_TRANSIT);
    assertThat(inTransit.getHolderOrg()).isEqualTo("fab-tw");

    Transfer done = world.tx(world.customsUs, s -> Customs.enterImport(s, action(shipment)));
    assertThat(done.getStatus()).isEqualTo(TransferStatus.TRANSFER_STATUS_COMPLETED);
    Chip arrived = world.chip(chips.get(0));
    assertThat(arrived.getHolderOrg()).isEqualTo("dc-us");
    assertThat(arrived.getCountry()).isEqualTo("US");
    assertThat(arrived.getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
  }

  @Test
  void customsActOnlyInTheirOwnCountry() {
    world.rejected(
        ErrorCode.CUSTOMS_WRONG_COUNTRY,
        world.customsUs,
        s -> Customs.clearExport(s, action(shipment)));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> Customs.clearExport(s, action(shipment)));
    world.rejected(
        ErrorCode.INVALID_TRANSFER_STATE,
        world.customsUs,
        s -> Customs.enterImport(s, action(shipment)));
    world.tx(world.customsTw, s -> Customs.clearExport(s, action(shipment)));
    world.rejected(
        ErrorCode.CUSTOMS_WRONG_COUNTRY,
        world.customsTw,
        s -> Customs.enterImport(s, action(shipment)));
    world.rejected(
        ErrorCode.INVALID_TRANSFER_STATE, world.fabTw, s -> Transfers.cancel(s, action(shipment)));
  }

  @Test
  void aHoldPausesTheShipmentUntilReleased() {
    world.tx(world.customsTw, s -> Customs.hold(s, action(shipment)));
    assertThat(world.chip(chips.get(0)).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_HELD);
    world.rejected(
        ErrorCode.INVALID_TRANSFER_STATE,
        world.customsTw,
        s -> Customs.clearExport(s, action(shipment)));
    Transfer released = world.tx(world.customsTw, s -> Customs.release(s, action(shipment)));
    assertThat(released.getStatus()).isEqualTo(TransferStatus.TRANSFER_STATUS_AWAITING_EXPORT);
    assertThat(world.chip(chips.get(0)).getStatus())
        .isEqualTo(ChipStatus.CHIP_STATUS_PENDING_TRANSFER);
  }

  @Test
  void seizedChipsAreHeldByCustomsAndReturnedOnRelease() {
    world.tx(world.customsTw, s -> Customs.clearExport(s, action(shipment)));
    world.rejected(
        ErrorCode.CUSTOMS_WRONG_COUNTRY, world.customsTw, s -> Customs.seize(s, action(shipment)));
    world.tx(world.customsUs, s -> Customs.seize(s, action(shipment)));
    Chip seized = world.chip(chips.get(0));
    assertThat(seized.getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_SEIZED);
    assertThat(seized.getHolderOrg()).isEqualTo("customs-us");
    assertThat(seized.getCountry()).isEqualTo("US");

    Transfer released = world.tx(world.customsUs, s -> Customs.release(s, action(shipment)));
    assertThat(released.getStatus()).isEqualTo(TransferStatus.TRANSFER_STATUS_CANCELLED);
    Chip back = world.chip(chips.get(0));
    assertThat(back.getHolderOrg()).isEqualTo("fab-tw");
    assertThat(back.getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
  }
}
