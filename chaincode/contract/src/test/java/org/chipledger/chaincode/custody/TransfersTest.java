package org.chipledger.chaincode.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chipledger.chaincode.testing.World.action;

import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.ProposeTransferRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.chipledger.proto.ledger.v1.Transfer;
import org.chipledger.proto.ledger.v1.TransferStatus;
import org.junit.jupiter.api.Test;

class TransfersTest {
  private final World world = new World();
  private final List<String> usChips = world.registerLot(world.fabUs, "US", 4, 5000);

  @Test
  void domesticTransferCompletesOnAcceptance() {
    Transfer t = world.propose(world.fabUs, "dc-us", usChips.subList(0, 2), "");
    assertThat(t.getCrossBorder()).isFalse();
    assertThat(world.chip(usChips.get(0)).getStatus())
        .isEqualTo(ChipStatus.CHIP_STATUS_PENDING_TRANSFER);

    Transfer done = world.tx(world.dcUs, s -> Transfers.accept(s, action(t)));
    assertThat(done.getStatus()).isEqualTo(TransferStatus.TRANSFER_STATUS_COMPLETED);
    assertThat(world.chip(usChips.get(0)).getHolderOrg()).isEqualTo("dc-us");
    assertThat(world.chip(usChips.get(0)).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
    assertThat(world.chip(usChips.get(0)).getTransferId()).isEmpty();
  }

  @Test
  void rejectionAndCancellationReturnTheChipsToTheSender() {
    Transfer rejected = world.propose(world.fabUs, "dc-us", usChips.subList(0, 1), "");
    world.tx(world.dcUs, s -> Transfers.reject(s, action(rejected)));
    assertThat(world.chip(usChips.get(0)).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
    assertThat(world.chip(usChips.get(0)).getHolderOrg()).isEqualTo("fab-us");

    Transfer cancelled = world.propose(world.fabUs, "dc-us", usChips.subList(0, 1), "");
    world.rejected(ErrorCode.NOT_HOLDER, world.dcUs, s -> Transfers.cancel(s, action(cancelled)));
    world.tx(world.fabUs, s -> Transfers.cancel(s, action(cancelled)));
    assertThat(world.chip(usChips.get(0)).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
    world.rejected(
        ErrorCode.INVALID_TRANSFER_STATE, world.dcUs, s -> Transfers.accept(s, action(cancelled)));
  }

  @Test
  void onlyTheHolderProposesAndOnlyTheReceiverAccepts() {
    world.rejected(
        ErrorCode.NOT_HOLDER,
        world.dcUs,
        s -> Transfers.propose(s, request("X1", usChips.subList(0, 1), "dc-nl", "LIC")));
    Transfer t = world.propose(world.fabUs, "dc-us", usChips.subList(0, 1), "");
    world.rejected(ErrorCode.WRONG_RECEIVER, world.dcNl, s -> Transfers.accept(s, action(t)));
    world.rejected(
        ErrorCode.TRANSFER_NOT_FOUND,
        world.dcUs,
        s -> Transfers.accept(s, action(t.toBuilder().setTransferId("NOPE").build())));
  }

  @Test
  void proposalsAreValidated() {
    world.rejected(
        ErrorCode.SELF_TRANSFER,
        world.fabUs,
        s -> Transfers.propose(s, request("X", usChips.subList(0, 1), "fab-us", "")));
    world.rejected(
        ErrorCode.WRONG_RECEIVER,
        world.fabUs,
        s -> Transfers.propose(s, request("X", usChips.subList(0, 1), "customs-us", "")));
    world.rejected(
        ErrorCode.UNKNOWN_ORGANIZATION,
        world.fabUs,
        s -> Transfers.propose(s, request("X", usChips.subList(0, 1), "nobody", "")));
    world.rejected(
        ErrorCode.CHIP_NOT_FOUND,
        world.fabUs,
        s -> Transfers.propose(s, request("X", List.of("GHOST"), "dc-us", "")));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE,
        world.customsUs,
        s -> Transfers.propose(s, request("X", usChips.subList(0, 1), "dc-us", "")));
    Transfer t = world.propose(world.fabUs, "dc-us", usChips.subList(0, 1), "");
    world.rejected(
        ErrorCode.TRANSFER_EXISTS,
        world.fabUs,
        s -> Transfers.propose(s, request(t.getTransferId(), usChips.subList(1, 2), "dc-us", "")));
    world.rejected(
        ErrorCode.CHIP_NOT_AVAILABLE,
        world.fabUs,
        s -> Transfers.propose(s, request("Y", usChips.subList(0, 1), "dc-us", "")));
  }

  @Test
  void crossBorderTransferOfControlledChipsNeedsALicence() {
    world.rejected(
        ErrorCode.LICENCE_REQUIRED,
        world.fabUs,
        s -> Transfers.propose(s, request("X", usChips.subList(0, 1), "dc-sg", "")));
    List<String> uncontrolled = world.registerLot(world.fabUs, "GAMING", 1, 1000);
    Transfer t = world.propose(world.fabUs, "dc-sg", uncontrolled, "");
    assertThat(t.getLicenceRequired()).isFalse();
    assertThat(t.getCrossBorder()).isTrue();
  }

  @Test
  void destroyedChipsCannotMove() {
    world.tx(
        world.fabUs,
        s ->
            HolderReports.report(
                s,
                HolderReports.Kind.DESTROYED,
                ReportChipsRequest.newBuilder().addSerials(usChips.get(3)).build()));
    world.rejected(
        ErrorCode.TERMINAL_STATE,
        world.fabUs,
        s -> Transfers.propose(s, request("D", usChips.subList(3, 4), "dc-us", "")));
  }

  private static ProposeTransferRequest request(
      String id, List<String> serials, String to, String licence) {
    return ProposeTransferRequest.newBuilder()
        .setTransferId(id)
        .addAllSerials(serials)
        .setToOrg(to)
        .setLicenceRef(licence)
        .build();
  }
}
