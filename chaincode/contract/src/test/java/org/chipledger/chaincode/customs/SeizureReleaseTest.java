package org.chipledger.chaincode.customs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.chaincode.testing.World.action;

import java.util.List;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.Transfer;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 5: seized chips are released only by the customs agency that seized them.
 *
 * <p>Attack (passed before the fix): a second customs agency of the same country, say a port
 * authority the exporter has friends at, releases a shipment US customs seized, and the chips go
 * back to the sender as if nothing had happened.
 */
class SeizureReleaseTest {
  private final World world = new World();
  private final Caller otherUsCustoms = World.caller("USMSP", "customs-us-port", "customs", "US");
  private final List<String> chips = world.registerLot(world.fabTw, "TW", 3, 5000);
  private final Transfer shipment;

  SeizureReleaseTest() {
    world.register(otherUsCustoms);
    world.issueLicence("LIC-1", world.fabTw, world.dcUs, chips.size());
    Transfer proposed = world.propose(world.fabTw, "dc-us", chips, "LIC-1");
    shipment = world.tx(world.dcUs, s -> Transfers.accept(s, action(proposed)));
    world.tx(world.customsTw, s -> Customs.clearExport(s, action(shipment)));
    world.tx(world.customsUs, s -> Customs.seize(s, action(shipment)));
  }

  @Test
  void anotherCustomsAgencyOfTheCountryCannotReleaseTheSeizure() {
    world.rejected(
        ErrorCode.NOT_SEIZING_CUSTOMS, otherUsCustoms, s -> Customs.release(s, action(shipment)));
    assertThat(world.chip(chips.get(0)).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_SEIZED);
    assertThat(world.chip(chips.get(0)).getHolderOrg()).isEqualTo("customs-us");
  }

  @Test
  void theSeizingCustomsReleasesTheChipsToTheSender() {
    world.tx(world.customsUs, s -> Customs.release(s, action(shipment)));
    assertThat(world.chip(chips.get(0)).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
    assertThat(world.chip(chips.get(0)).getHolderOrg()).isEqualTo("fab-tw");
  }

  @Test
  void aHoldIsStillReleasedByAnyCustomsOfTheCountryThatHasTheShipment() {
    // Only a seizure names one agency; a hold is the country's, as before.
    World fresh = new World();
    Caller port = World.caller("USMSP", "customs-us-port", "customs", "US");
    fresh.register(port);
    List<String> lot = fresh.registerLot(fresh.fabTw, "TW", 1, 5000);
    fresh.issueLicence("LIC-1", fresh.fabTw, fresh.dcUs, lot.size());
    Transfer proposed = fresh.propose(fresh.fabTw, "dc-us", lot, "LIC-1");
    Transfer t = fresh.tx(fresh.dcUs, s -> Transfers.accept(s, action(proposed)));
    fresh.tx(fresh.customsTw, s -> Customs.clearExport(s, action(t)));
    fresh.tx(fresh.customsUs, s -> Customs.hold(s, action(t)));
    fresh.tx(port, s -> Customs.release(s, action(t)));
    assertThat(fresh.chip(lot.get(0)).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_IN_TRANSIT);
  }
}
