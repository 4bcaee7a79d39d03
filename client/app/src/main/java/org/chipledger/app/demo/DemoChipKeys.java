package org.chipledger.app.demo;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.firmware.ChipSigner;
import org.chipledger.firmware.ChipToken;
import org.chipledger.proto.ledger.v1.ChipKeyOrigin;
import org.chipledger.proto.ledger.v1.ChipSpec;

/**
 * How the demo's fabs key their chips: the chips the compute chapter trains on get a key made
 * inside the demo's PKCS#11 token, registered as a token key, which never leaves it; the thousands
 * of chips that only move through custody keep a key derived from the seed (cheap to make, and
 * registered as derived). The token's keys live as long as the demo's process, as the demo's
 * emulated chips do.
 */
public final class DemoChipKeys {
  private final long seed;
  private final ChipToken token;
  private final Map<String, ChipSigner> inToken = new HashMap<>();

  private DemoChipKeys(long seed, ChipToken token) {
    this.seed = seed;
    this.token = token;
  }

  /** Derived keys only, for stories that train no chip (tests of the custody rules). */
  public static DemoChipKeys derived(long seed) {
    return new DemoChipKeys(seed, null);
  }

  /** Token keys for trained chips, made in the demo's token. */
  public static DemoChipKeys withToken(long seed) throws IOException {
    return new DemoChipKeys(seed, DemoToken.open());
  }

  /** Sets chip {@code number}'s public key and its origin on {@code spec}. */
  ChipSpec.Builder keyed(ChipSpec.Builder spec, int number, boolean trained) {
    if (token == null || !trained) {
      return spec.setPublicKey(
              ByteString.copyFrom(ChipKeys.derive(seed, number).getPublic().getEncoded()))
          .setKeyOrigin(ChipKeyOrigin.CHIP_KEY_ORIGIN_DERIVED);
    }
    try {
      ChipToken.SessionChip chip = token.generateInSession();
      inToken.put(spec.getSerial(), chip.signer());
      return spec.setPublicKey(ByteString.copyFrom(chip.publicKey().getEncoded()))
          .setKeyOrigin(ChipKeyOrigin.CHIP_KEY_ORIGIN_TOKEN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The signer of chip {@code serial} (number {@code number}), in the token if its key is. */
  ChipSigner signer(String serial, int number) {
    ChipSigner signer = inToken.get(serial);
    return signer != null ? signer : new ChipSigner(ChipKeys.derivePrivate(seed, number));
  }

  /** Whether chip {@code serial}'s key was made in the token. */
  public boolean inToken(String serial) {
    return inToken.containsKey(serial);
  }
}
