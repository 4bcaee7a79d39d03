package org.chipledger.chaincode.chip;

import static org.assertj.core.api.Assertions.assertThat;

import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ChipKeyOrigin;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 1: registration records how a chip's key was made, and a policy that takes
 * token-held keys only refuses a fab's derived (or software, or unstated) keys, changing nothing.
 */
class KeyOriginTest {
  private final World world = new World();

  private RegisterChipsRequest lot(String lotId, ChipKeyOrigin origin) {
    return RegisterChipsRequest.newBuilder()
        .setLotId(lotId)
        .addChips(World.spec(lotId + "-1", 5000).toBuilder().setKeyOrigin(origin))
        .build();
  }

  @Test
  void theOriginIsRecordedAndAnyOriginPassesByDefault() {
    world.tx(
        world.fabTw,
        s -> ChipRegistry.register(s, lot("L-D", ChipKeyOrigin.CHIP_KEY_ORIGIN_DERIVED)));
    world.tx(
        world.fabTw,
        s -> ChipRegistry.register(s, lot("L-T", ChipKeyOrigin.CHIP_KEY_ORIGIN_TOKEN)));
    assertThat(world.chip("L-D-1").getKeyOrigin()).isEqualTo(ChipKeyOrigin.CHIP_KEY_ORIGIN_DERIVED);
    assertThat(world.chip("L-T-1").getKeyOrigin()).isEqualTo(ChipKeyOrigin.CHIP_KEY_ORIGIN_TOKEN);
  }

  @Test
  void aTokenOnlyPolicyRefusesEveryOtherOrigin() {
    world.setPolicy(p -> p.setTokenChipKeysOnly(true));
    for (ChipKeyOrigin origin :
        new ChipKeyOrigin[] {
          ChipKeyOrigin.CHIP_KEY_ORIGIN_DERIVED,
          ChipKeyOrigin.CHIP_KEY_ORIGIN_SOFTWARE,
          ChipKeyOrigin.CHIP_KEY_ORIGIN_UNSPECIFIED
        }) {
      world.rejected(
          ErrorCode.INVALID_CHIP_KEY,
          world.fabTw,
          s -> ChipRegistry.register(s, lot("L-" + origin.getNumber(), origin)));
    }
    world.tx(
        world.fabTw,
        s -> ChipRegistry.register(s, lot("L-T", ChipKeyOrigin.CHIP_KEY_ORIGIN_TOKEN)));
    assertThat(world.chip("L-T-1").getKeyOrigin()).isEqualTo(ChipKeyOrigin.CHIP_KEY_ORIGIN_TOKEN);
  }
}
