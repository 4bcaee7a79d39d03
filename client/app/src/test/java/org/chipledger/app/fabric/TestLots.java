package org.chipledger.app.fabric;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chipledger.client.cast.FabricCast;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;

/** Lots of B200 chips that fab-us registers for the Fabric integration tests. */
final class TestLots {
  private TestLots() {}

  /**
   * Registers one lot of {@code count} chips whose serials are {@code serialFormat} of 1..count
   * (e.g. {@code "CUT-%04d"}); returns the serials once the lot committed.
   */
  static List<String> register(FabricCast cast, String lotId, String serialFormat, int count) {
    ChipKeys keys = new ChipKeys();
    RegisterChipsRequest.Builder lot = RegisterChipsRequest.newBuilder().setLotId(lotId);
    List<String> serials = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String serial = String.format(Locale.ROOT, serialFormat, i);
      serials.add(serial);
      lot.addChips(
          ChipSpec.newBuilder()
              .setSerial(serial)
              .setModel("B200")
              .setTpp(36_000)
              .setPublicKey(ByteString.copyFrom(keys.generate().getPublic().getEncoded()))
              .setFirmwareVersion("fw-2.4.1"));
    }
    cast.as("fab-us").registerChips(lot.build());
    return List.copyOf(serials);
  }
}
