package org.chipledger.app.fab;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.output.Output;
import org.chipledger.app.output.Progress;
import org.chipledger.app.session.LedgerCommand;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChipSpec;
import org.chipledger.proto.ledger.v1.Lot;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands of fabs: registering the chips they make. */
@Command(
    name = "fab",
    description = "Register manufactured chips.",
    subcommands = FabCommand.Register.class)
public final class FabCommand {

  @Command(
      name = "register",
      description =
          "Register chips in lots of up to 1,000; each gets a fresh ECDSA P-256 key, as if burned in.")
  static final class Register extends LedgerCommand {
    /** The most chips one run registers: a million, a large fleet, each with a fresh key. */
    static final int MAX_COUNT = 1_000_000;

    @Option(
        names = "--lot-id",
        required = true,
        description = "Lot id; larger counts become LOT-01, LOT-02, …")
    String lotId;

    @Option(
        names = "--count",
        required = true,
        description = "How many chips, 1 to " + MAX_COUNT + ".")
    int count;

    @Option(names = "--model", required = true, description = "A model the secretariat registered.")
    String model;

    @Option(
        names = "--tpp",
        defaultValue = "0",
        description =
            "Total processing performance; if given it must equal the registered model's (default:"
                + " the model's).")
    double tpp;

    @Option(names = "--serial-prefix", description = "Serial prefix (default: the lot id).")
    String serialPrefix;

    @Option(names = "--firmware", defaultValue = "fw-1.0.0")
    String firmware;

    @Option(
        names = "--keys-dir",
        description = "Write each chip's private key here (PKCS#8 PEM), for the chip's firmware.")
    Path keysDir;

    @Option(
        names = "--token-pin-file",
        description =
            "Make each chip's key inside the PKCS#11 token (SoftHSM2) whose user PIN this file"
                + " holds: non-extractable, registered as a token key. Without it, keys are made"
                + " in software.")
    Path tokenPinFile;

    @Option(names = "--token-slot", defaultValue = "0", description = "The token's slot index.")
    int tokenSlot;

    @Override
    protected void run(LedgerClient ledger, Output out) {
      if (count < 1) {
        throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "--count must be at least 1");
      }
      if (count > MAX_COUNT) {
        // Near Integer.MAX_VALUE the lot arithmetic wrapped negative and registered nothing.
        throw usage("--count must be at most " + MAX_COUNT + " chips per run, got " + count);
      }
      int lots = (count - 1) / Checks.MAX_CHIPS_PER_TX + 1;
      String prefix = serialPrefix == null ? lotId : serialPrefix;
      ChipKeys keys = new ChipKeys();
      org.chipledger.firmware.ChipToken token = tokenPinFile == null ? null : openToken();
      Progress progress = new Progress("chips", count);
      List<List<String>> rows = new ArrayList<>();
      int done = 0;
      for (int lot = 0; lot < lots; lot++) {
        String id = lots == 1 ? lotId : String.format("%s-%02d", lotId, lot + 1);
        RegisterChipsRequest.Builder request = RegisterChipsRequest.newBuilder().setLotId(id);
        int size = Math.min(Checks.MAX_CHIPS_PER_TX, count - done);
        for (int i = 0; i < size; i++) {
          String serial = String.format("%s-%06d", prefix, done + i + 1);
          if (token != null) {
            request.addChips(tokenChip(token, serial));
            continue;
          }
          KeyPair pair = keys.generate();
          if (keysDir != null) {
            try {
              ChipKeys.writePrivateKey(keysDir, serial, pair);
            } catch (java.io.IOException e) {
              throw new LedgerException(
                  ErrorCode.INTERNAL, "cannot write chip key: " + e.getMessage(), e);
            }
          }
          request.addChips(
              ChipSpec.newBuilder()
                  .setSerial(serial)
                  .setModel(model)
                  .setTpp(tpp)
                  .setFirmwareVersion(firmware)
                  .setKeyOrigin(
                      org.chipledger.proto.ledger.v1.ChipKeyOrigin.CHIP_KEY_ORIGIN_SOFTWARE)
                  .setPublicKey(ByteString.copyFrom(pair.getPublic().getEncoded())));
        }
        Lot registered = ledger.registerChips(request.build());
        done += size;
        progress.update(done);
        rows.add(
            List.of(
                registered.getLotId(),
                String.valueOf(registered.getChipCount()),
                String.valueOf(registered.getControlledCount())));
      }
      out.table(List.of("lot", "chips", "controlled"), rows);
    }

    private org.chipledger.firmware.ChipToken openToken() {
      try {
        char[] pin =
            java.nio.file.Files.readString(tokenPinFile, java.nio.charset.StandardCharsets.UTF_8)
                .strip()
                .toCharArray();
        return org.chipledger.firmware.ChipToken.open(
            org.chipledger.firmware.ChipToken.SOFTHSM2, tokenSlot, pin);
      } catch (java.io.IOException e) {
        throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, e.getMessage());
      }
    }

    /** A chip whose key the token makes; only its public key leaves the token. */
    private ChipSpec.Builder tokenChip(org.chipledger.firmware.ChipToken token, String serial) {
      try {
        return ChipSpec.newBuilder()
            .setSerial(serial)
            .setModel(model)
            .setTpp(tpp)
            .setFirmwareVersion(firmware)
            .setKeyOrigin(org.chipledger.proto.ledger.v1.ChipKeyOrigin.CHIP_KEY_ORIGIN_TOKEN)
            .setPublicKey(ByteString.copyFrom(token.generate(serial).getEncoded()));
      } catch (java.io.IOException e) {
        throw new LedgerException(ErrorCode.INTERNAL, e.getMessage(), e);
      }
    }
  }
}
