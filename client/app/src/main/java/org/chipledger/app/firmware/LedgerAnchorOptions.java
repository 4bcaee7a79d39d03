package org.chipledger.app.firmware;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.chipledger.app.options.DurationConverter;
import org.chipledger.app.output.Output;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.firmware.FabricTrust;
import org.chipledger.firmware.Firmware;
import org.chipledger.firmware.LedgerTrust;
import org.chipledger.proto.ledger.v1.ChainAnchor;
import org.hyperledger.fabric.protos.common.Block;
import org.json.JSONObject;
import picocli.CommandLine.Option;

/**
 * The ledger trust anchor a chip is provisioned with (issue 16 item 3): with it, a record counts as
 * delivered only once the chip holds the ledger's proof that it committed the record, and training
 * pauses past the grace window without one.
 */
final class LedgerAnchorOptions {
  // A channel's configuration block with a few dozen organisations is tens of kilobytes.
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  @Option(
      names = "--ledger-anchor",
      description =
          "The ledger's trust anchor: the embedded ledger's tip file (`admin anchor --out`, whose"
              + " node key signs every block) or the Fabric channel's configuration block"
              + " (network-config/channel-artifacts/treaty.block).")
  Path file;

  @Option(
      names = "--ledger-chaincode",
      defaultValue = "chipledger",
      description = "With a Fabric block: the chaincode whose batches count.")
  String chaincode;

  @Option(
      names = "--anchor-grace",
      defaultValue = "PT1H",
      converter = DurationConverter.class,
      description =
          "How long records may wait for their commit proof before training pauses. "
              + DurationConverter.SYNTAX)
  Duration grace;

  /** The anchor the options name; empty without --ledger-anchor. */
  Optional<LedgerTrust> trust() {
    if (file == null) {
      return Optional.empty();
    }
    byte[] bytes = read();
    try {
      if (bytes.length > 0 && bytes[0] == '{') {
        ChainAnchor.Builder tip = ChainAnchor.newBuilder();
        JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), tip);
        return Optional.of(LedgerTrust.of(tip.getNodeKey().toByteArray(), grace));
      }
      return Optional.of(
          new LedgerTrust(FabricTrust.fromConfigBlock(Block.parseFrom(bytes), chaincode), grace));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT,
          file
              + " is neither an embedded tip file nor a Fabric configuration block: "
              + e.getMessage());
    }
  }

  private byte[] read() {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new LedgerException(
            ErrorCode.MALFORMED_ARGUMENT, file + " is larger than any ledger anchor");
      }
      return bytes;
    } catch (IOException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Prints what the ledger proved it committed, with an anchor: the chip's own count, not the
   * agent's.
   */
  void printAnchored(Output out, Firmware firmware) {
    if (file == null) {
      return;
    }
    out.line(
        out.json()
            ? new JSONObject()
                .put(
                    "anchored",
                    new JSONObject()
                        .put("anchored_through", firmware.anchored().counter())
                        .put("unanchored", firmware.unanchored())
                        .put("refused_proofs", firmware.refusedProofs()))
                .toString()
            : String.format(
                Locale.ROOT,
                "anchored through %d (the ledger's commit proofs checked); %d unanchored, %d proofs"
                    + " refused",
                firmware.anchored().counter(),
                firmware.unanchored(),
                firmware.refusedProofs()));
  }
}
