package org.chipledger.chaincode.chip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipIndex;
import org.chipledger.proto.ledger.v1.ChipPage;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.HistoryPage;
import org.chipledger.proto.ledger.v1.HistoryRequest;
import org.chipledger.proto.ledger.v1.ListChipsRequest;
import org.chipledger.proto.ledger.v1.Lot;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.ReportChipsRequest;
import org.junit.jupiter.api.Test;

class ChipRegistryTest {
  private final World world = new World();

  @Test
  void fabRegistersALotAndEachChipIsClassified() {
    RegisterChipsRequest request =
        RegisterChipsRequest.newBuilder()
            .setLotId("LOT-1")
            .addChips(World.spec("A-1", 4800))
            .addChips(World.spec("A-2", 4799.9))
            .build();
    Lot lot = world.tx(world.fabTw, s -> ChipRegistry.register(s, request));

    assertThat(lot.getChipCount()).isEqualTo(2);
    assertThat(lot.getControlledCount()).isEqualTo(1);
    Chip controlled = world.chip("A-1");
    assertThat(controlled.getControlled()).isTrue();
    assertThat(controlled.getHolderOrg()).isEqualTo("fab-tw");
    assertThat(controlled.getCountry()).isEqualTo("TW");
    assertThat(controlled.getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
    assertThat(world.chip("A-2").getControlled()).isFalse();
    assertThat(world.ledger.events())
        .last()
        .satisfies(e -> assertThat(e.hasChipsRegistered()).isTrue());
  }

  @Test
  void onlyFabsRegisterChips() {
    RegisterChipsRequest lot =
        RegisterChipsRequest.newBuilder().setLotId("L").addChips(World.spec("S", 5000)).build();
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, world.dcUs, s -> ChipRegistry.register(s, lot));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE, world.customsTw, s -> ChipRegistry.register(s, lot));
  }

  @Test
  void duplicateSerialsAreRejectedWithinALotAndAcrossLots() {
    world.registerLot(world.fabTw, "L1", 3, 5000);
    world.rejected(
        ErrorCode.DUPLICATE_SERIAL,
        world.fabUs,
        s ->
            ChipRegistry.register(
                s,
                RegisterChipsRequest.newBuilder()
                    .setLotId("L2")
                    .addChips(World.spec("NEW", 5000))
                    .addChips(World.spec("L1-0001", 5000))
                    .build()));
    world.rejected(
        ErrorCode.DUPLICATE_SERIAL,
        world.fabUs,
        s ->
            ChipRegistry.register(
                s,
                RegisterChipsRequest.newBuilder()
                    .setLotId("L3")
                    .addChips(World.spec("X", 5000))
                    .addChips(World.spec("X", 5000))
                    .build()));
  }

  @Test
  void lotsAreBoundedUniqueAndNonEmpty() {
    RegisterChipsRequest.Builder big = RegisterChipsRequest.newBuilder().setLotId("BIG");
    for (int i = 0; i < 1001; i++) {
      big.addChips(World.spec("B-" + i, 5000));
    }
    world.rejected(
        ErrorCode.LOT_TOO_LARGE, world.fabTw, s -> ChipRegistry.register(s, big.build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.fabTw,
        s -> ChipRegistry.register(s, RegisterChipsRequest.newBuilder().setLotId("E").build()));
    world.registerLot(world.fabTw, "L1", 1, 5000);
    world.rejected(
        ErrorCode.LOT_EXISTS,
        world.fabTw,
        s ->
            ChipRegistry.register(
                s,
                RegisterChipsRequest.newBuilder()
                    .setLotId("L1")
                    .addChips(World.spec("Z", 1))
                    .build()));
  }

  @Test
  void chipsNeedAP256KeyAModelAndAValidTpp() {
    world.rejected(
        ErrorCode.INVALID_CHIP_KEY,
        world.fabTw,
        s ->
            ChipRegistry.register(
                s,
                RegisterChipsRequest.newBuilder()
                    .setLotId("K")
                    .addChips(
                        World.spec("K1", 5000).toBuilder()
                            .setPublicKey(ByteString.copyFromUtf8("junk")))
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.fabTw,
        s ->
            ChipRegistry.register(
                s,
                RegisterChipsRequest.newBuilder()
                    .setLotId("K")
                    .addChips(World.spec("K1", Double.NaN))
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.fabTw,
        s ->
            ChipRegistry.register(
                s,
                RegisterChipsRequest.newBuilder()
                    .setLotId("K")
                    .addChips(World.spec("bad serial!", 5000))
                    .build()));
  }

  @Test
  void unknownChipIsReported() {
    world.rejected(ErrorCode.CHIP_NOT_FOUND, world.dcUs, s -> ChipRegistry.get(s, "NOPE"));
  }

  @Test
  void listingsPageThroughEveryIndex() {
    world.registerLot(world.fabTw, "TW", 25, 5000);
    world.registerLot(world.fabUs, "US", 7, 5000);

    assertThat(pageAll(ChipIndex.CHIP_INDEX_HOLDER, "fab-tw", 10)).hasSize(25);
    assertThat(pageAll(ChipIndex.CHIP_INDEX_COUNTRY, "US", 3)).hasSize(7);
    assertThat(pageAll(ChipIndex.CHIP_INDEX_STATUS, "active", 4)).hasSize(32);
    assertThat(pageAll(ChipIndex.CHIP_INDEX_ALL, "", 6))
        .extracting(Chip::getSerial)
        .isSorted()
        .doesNotHaveDuplicates()
        .hasSize(32);
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.dcUs,
        s ->
            ChipRegistry.list(
                s,
                ListChipsRequest.newBuilder()
                    .setIndex(ChipIndex.CHIP_INDEX_STATUS)
                    .setValue("vaporised")
                    .build()));
  }

  private List<Chip> pageAll(ChipIndex index, String value, int pageSize) {
    List<Chip> chips = new ArrayList<>();
    String bookmark = "";
    do {
      ListChipsRequest request =
          ListChipsRequest.newBuilder()
              .setIndex(index)
              .setValue(value)
              .setPageSize(pageSize)
              .setBookmark(bookmark)
              .build();
      ChipPage page = world.tx(world.dcNl, s -> ChipRegistry.list(s, request));
      assertThat(page.getChipsCount()).isLessThanOrEqualTo(pageSize);
      chips.addAll(page.getChipsList());
      bookmark = page.getBookmark();
    } while (!bookmark.isEmpty());
    return chips;
  }

  @Test
  void historyIsOldestFirstWhateverOrderTheBackendReturns() {
    String serial = world.registerLot(world.fabTw, "P", 1, 5000).get(0);
    ReportChipsRequest report = ReportChipsRequest.newBuilder().addSerials(serial).build();
    world.ledger.advanceDays(1);
    world.tx(
        world.fabTw,
        s ->
            org.chipledger.chaincode.custody.HolderReports.report(
                s, org.chipledger.chaincode.custody.HolderReports.Kind.STOLEN, report));
    world.ledger.useNewestFirstHistory();
    HistoryPage page =
        world.tx(
            world.dcSg,
            s -> ChipRegistry.history(s, HistoryRequest.newBuilder().setSerial(serial).build()));
    assertThat(page.getVersionsList())
        .extracting(v -> v.getChip().getStatus())
        .containsExactly(ChipStatus.CHIP_STATUS_ACTIVE, ChipStatus.CHIP_STATUS_STOLEN);
  }

  @Test
  void historyPagesThroughEveryVersionOfAChip() {
    String serial = world.registerLot(world.fabTw, "H", 1, 5000).get(0);
    ReportChipsRequest report = ReportChipsRequest.newBuilder().addSerials(serial).build();
    world.tx(
        world.fabTw,
        s ->
            org.chipledger.chaincode.custody.HolderReports.report(
                s, org.chipledger.chaincode.custody.HolderReports.Kind.LOST, report));
    world.tx(
        world.fabTw,
        s ->
            org.chipledger.chaincode.custody.HolderReports.report(
                s, org.chipledger.chaincode.custody.HolderReports.Kind.FOUND, report));

    HistoryPage first =
        world.tx(
            world.dcSg,
            s ->
                ChipRegistry.history(
                    s, HistoryRequest.newBuilder().setSerial(serial).setPageSize(2).build()));
    assertThat(first.getVersionsList())
        .extracting(v -> v.getChip().getStatus())
        .containsExactly(ChipStatus.CHIP_STATUS_ACTIVE, ChipStatus.CHIP_STATUS_LOST);
    HistoryPage second =
        world.tx(
            world.dcSg,
            s ->
                ChipRegistry.history(
                    s,
                    HistoryRequest.newBuilder()
                        .setSerial(serial)
                        .setPageSize(2)
                        .setBookmark(first.getBookmark())
                        .build()));
    assertThat(second.getVersionsList()).hasSize(1);
    assertThat(second.getBookmark()).isEmpty();
  }
}
