package org.chipledger.chaincode.licence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.chaincode.testing.World.action;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.custody.Transfers;
import org.chipledger.chaincode.customs.Customs;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.ExportLicence;
import org.chipledger.proto.ledger.v1.IssueLicenceRequest;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.RevokeLicenceRequest;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferStatus;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 7: each way an exporter could ship controlled chips under a licence that does not
 * cover them is refused with its code, at the proposal and again at the border, changing nothing.
 */
class LicencesTest {
  private final World world = new World();
  private final List<String> chips = world.registerLot(world.fabTw, "TW", 10, 5000);

  @Test
  void aForgedLicenceIsRefusedWhenProposed() {
    world.rejected(
        ErrorCode.LICENCE_NOT_FOUND,
        world.fabTw,
        s -> Transfers.propose(s, proposal("T-F", chips.subList(0, 2), "dc-us", "FORGED-1")));
  }

  @Test
  void aPaperLicenceThatPassedAtProposalIsRefusedAtTheBorderOnceThePolicyWantsLedgerLicences() {
    world.setPolicy(p -> p.setPaperLicencesAccepted(true));
    Transfer t = accepted(world.propose(world.fabTw, "dc-us", chips.subList(0, 2), "PAPER-1"));
    world.setPolicy(p -> p.setPaperLicencesAccepted(false));

    world.rejected(
        ErrorCode.LICENCE_NOT_FOUND, world.customsTw, s -> Customs.clearExport(s, action(t)));
  }

  @Test
  void paperLicencesStillClearWhereThePolicyAcceptsThem() {
    world.setPolicy(p -> p.setPaperLicencesAccepted(true));
    Transfer t = accepted(world.propose(world.fabTw, "dc-us", chips.subList(0, 2), "PAPER-1"));

    Transfer cleared = world.tx(world.customsTw, s -> Customs.clearExport(s, action(t)));
    assertThat(cleared.getStatus()).isEqualTo(TransferStatus.TRANSFER_STATUS_IN_TRANSIT);
  }

  @Test
  void anExpiredLicenceNeitherProposesNorClears() {
    world.issueLicence("L-EXP", world.fabTw, world.dcUs, 10);
    Transfer t = accepted(world.propose(world.fabTw, "dc-us", chips.subList(0, 2), "L-EXP"));
    world.ledger.advanceDays(31);

    world.rejected(
        ErrorCode.LICENCE_EXPIRED, world.customsTw, s -> Customs.clearExport(s, action(t)));
    world.rejected(
        ErrorCode.LICENCE_EXPIRED,
        world.fabTw,
        s -> Transfers.propose(s, proposal("T-E", chips.subList(2, 4), "dc-us", "L-EXP")));
  }

  @Test
  void aRevokedLicenceStopsTheExportsItHadNotClearedYet() {
    world.issueLicence("L-REV", world.fabTw, world.dcUs, 10);
    Transfer cleared = exported(world.propose(world.fabTw, "dc-us", chips.subList(0, 2), "L-REV"));
    Transfer pending = accepted(world.propose(world.fabTw, "dc-us", chips.subList(2, 4), "L-REV"));

    ExportLicence revoked = world.tx(world.licensingTw, s -> Licences.revoke(s, revoke("L-REV")));

    assertThat(revoked.getRevoked()).isTrue();
    assertThat(revoked.getExported()).isEqualTo(2);
    world.rejected(
        ErrorCode.LICENCE_REVOKED, world.customsTw, s -> Customs.clearExport(s, action(pending)));
    world.rejected(
        ErrorCode.LICENCE_REVOKED,
        world.fabTw,
        s -> Transfers.propose(s, proposal("T-R", chips.subList(4, 6), "dc-us", "L-REV")));
    // What left before the revocation is not called back.
    assertThat(world.chip(cleared.getSerials(0)).getStatus())
        .isEqualTo(ChipStatus.CHIP_STATUS_IN_TRANSIT);
  }

  @Test
  void onlyTheIssuingAuthorityRevokesAndOnlyOnce() {
    world.issueLicence("L-REV", world.fabTw, world.dcUs, 10);
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.licensingUs, s -> Licences.revoke(s, revoke("L-REV")));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.fabTw, s -> Licences.revoke(s, revoke("L-REV")));
    world.tx(world.licensingTw, s -> Licences.revoke(s, revoke("L-REV")));
    world.rejected(
        ErrorCode.LICENCE_REVOKED, world.licensingTw, s -> Licences.revoke(s, revoke("L-REV")));
    world.rejected(
        ErrorCode.LICENCE_NOT_FOUND, world.licensingTw, s -> Licences.revoke(s, revoke("NONE")));
  }

  @Test
  void exportsConsumeTheQuantityAndTwoPendingShipmentsCannotBothUseTheLastChips() {
    world.issueLicence("L-5", world.fabTw, world.dcUs, 5);
    Transfer first = accepted(world.propose(world.fabTw, "dc-us", chips.subList(0, 3), "L-5"));
    Transfer second = accepted(world.propose(world.fabTw, "dc-us", chips.subList(3, 6), "L-5"));

    world.tx(world.customsTw, s -> Customs.clearExport(s, action(first)));
    assertThat(world.tx(world.admin, s -> Licences.get(s, "L-5")).getExported()).isEqualTo(3);
    world.rejected(
        ErrorCode.LICENCE_EXHAUSTED, world.customsTw, s -> Customs.clearExport(s, action(second)));
    world.rejected(
        ErrorCode.LICENCE_EXHAUSTED,
        world.fabTw,
        s -> Transfers.propose(s, proposal("T-X", chips.subList(6, 9), "dc-us", "L-5")));
    Transfer last = exported(world.propose(world.fabTw, "dc-us", chips.subList(6, 8), "L-5"));
    assertThat(last.getStatus()).isEqualTo(TransferStatus.TRANSFER_STATUS_IN_TRANSIT);
    assertThat(world.tx(world.admin, s -> Licences.get(s, "L-5")).getExported()).isEqualTo(5);
  }

  @Test
  void uncontrolledChipsInAShipmentNeedNoLicenceQuantity() {
    List<String> gaming = world.registerLot(world.fabTw, "GAME", 3, 1000);
    world.issueLicence("L-1", world.fabTw, world.dcUs, 1);
    List<String> mixed = new ArrayList<>(gaming);
    mixed.add(chips.get(0));

    exported(world.propose(world.fabTw, "dc-us", mixed, "L-1"));

    assertThat(world.tx(world.admin, s -> Licences.get(s, "L-1")).getExported()).isEqualTo(1);
  }

  @Test
  void aLicenceForAnotherExporterDestinationOrCountryDoesNotCoverTheShipment() {
    world.issueLicence("L-US", world.fabUs, world.dcSg, 10);
    world.issueLicence("L-TW-SG", world.fabTw, world.dcSg, 10);
    world.issueLicence("L-TW-US", world.fabTw, world.dcUs, 10);
    world.register(World.caller("USMSP", "dc-us-2", "datacenter", "US"));
    // fab-tw ships under fab-us's licence (issued by the US authority for US exports).
    world.rejected(
        ErrorCode.LICENCE_MISMATCH,
        world.fabTw,
        s -> Transfers.propose(s, proposal("T-1", chips.subList(0, 1), "dc-sg", "L-US")));
    // A licence for Singapore names another destination.
    world.rejected(
        ErrorCode.LICENCE_MISMATCH,
        world.fabTw,
        s -> Transfers.propose(s, proposal("T-2", chips.subList(0, 1), "dc-us", "L-TW-SG")));
    // Same country, another buyer.
    world.rejected(
        ErrorCode.LICENCE_MISMATCH,
        world.fabTw,
        s -> Transfers.propose(s, proposal("T-3", chips.subList(0, 1), "dc-us-2", "L-TW-US")));
  }

  @Test
  void aLicenceCoversOnlyItsModelsOrItsTppRange() {
    issue(request("L-H100", world.fabTw, world.dcUs).addModels(World.model(15_832)));
    issue(request("L-RANGE", world.fabTw, world.dcUs).setMinTpp(4800).setMaxTpp(6000));
    world.rejected(
        ErrorCode.LICENCE_MISMATCH,
        world.fabTw,
        s -> Transfers.propose(s, proposal("T-1", chips.subList(0, 1), "dc-us", "L-H100")));
    Transfer t = world.propose(world.fabTw, "dc-us", chips.subList(0, 1), "L-RANGE");
    assertThat(t.getLicenceRef()).isEqualTo("L-RANGE");
  }

  @Test
  void onlyALicensingAuthorityIssuesWellFormedLicencesOnce() {
    IssueLicenceRequest ok = request("L-OK", world.fabTw, world.dcUs).addModels("TPP-5000").build();
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, world.fabTw, s -> Licences.issue(s, ok));
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, world.customsTw, s -> Licences.issue(s, ok));
    world.tx(world.licensingTw, s -> Licences.issue(s, ok));
    world.rejected(ErrorCode.LICENCE_EXISTS, world.licensingTw, s -> Licences.issue(s, ok));
    world.rejected(
        ErrorCode.MODEL_NOT_REGISTERED,
        world.licensingTw,
        s -> Licences.issue(s, request("L-2", world.fabTw, world.dcUs).addModels("X9").build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.licensingTw,
        s -> Licences.issue(s, request("L-3", world.fabTw, world.dcUs).build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.licensingTw,
        s ->
            Licences.issue(
                s,
                request("L-4", world.fabTw, world.dcUs)
                    .addModels("TPP-5000")
                    .setExpiresAt(world.ledger.now())
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.licensingTw,
        s ->
            Licences.issue(
                s,
                request("L-5", world.fabTw, world.dcUs)
                    .addModels("TPP-5000")
                    .setMinTpp(6000)
                    .setMaxTpp(5000)
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.licensingUs,
        s ->
            Licences.issue(
                s, request("L-6", world.fabUs, world.dcUs).addModels("TPP-5000").build()));
  }

  private IssueLicenceRequest.Builder request(String id, Caller exporter, Caller to) {
    return IssueLicenceRequest.newBuilder()
        .setLicenceId(id)
        .setExporterOrg(exporter.org())
        .setDestinationCountry(to.country())
        .setDestinationOrg(to.org())
        .setQuantity(10)
        .setExpiresAt(Times.plusSeconds(world.ledger.now(), 86_400));
  }

  private void issue(IssueLicenceRequest.Builder request) {
    world.tx(world.licensingTw, s -> Licences.issue(s, request.build()));
  }

  private Transfer accepted(Transfer proposed) {
    Caller receiver = proposed.getToOrg().equals("dc-us") ? world.dcUs : world.dcSg;
    return world.tx(receiver, s -> Transfers.accept(s, action(proposed)));
  }

  private Transfer exported(Transfer proposed) {
    Transfer t = accepted(proposed);
    return world.tx(world.customsTw, s -> Customs.clearExport(s, action(t)));
  }

  private static RevokeLicenceRequest revoke(String id) {
    return RevokeLicenceRequest.newBuilder().setLicenceId(id).setReason("end-use concern").build();
  }

  private static ProposeTransferRequest proposal(
      String id, List<String> serials, String to, String licence) {
    return ProposeTransferRequest.newBuilder()
        .setTransferId(id)
        .addAllSerials(serials)
        .setToOrg(to)
        .setLicenceRef(licence)
        .build();
  }
}
