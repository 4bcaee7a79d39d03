package org.chipledger.app.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.chipledger.app.options.DurationConverter;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.session.ChipLedgerCommand;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.anchoring.TipAnchorer;
import org.chipledger.client.backend.Backends;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.client.ledger.ProtoJson;
import org.chipledger.proto.ledger.v1.ChainAnchor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code admin anchor}: exports the signed chain tip to a file kept apart from the ledger. */
@Command(
    name = "anchor",
    description =
        "Export the signed chain tip (height, hash, state digest) to a file; keep it off this"
            + " machine and check later logs with `admin verify --anchor FILE`. With --to-fabric,"
            + " record it on the Fabric channel of --gateway instead (the anchoring contract),"
            + " once or every --anchor-every; check later with `admin verify"
            + " --anchor-from-fabric`.")
final class AnchorCommand extends ChipLedgerCommand {
  // An anchor is one header and a key; anything much larger is not one.
  private static final long MAX_FILE_BYTES = 64 * 1024;

  @Option(names = "--out", description = "The anchor file; must not exist.")
  Path out;

  @Option(names = "--to-fabric", description = "Anchor on the Fabric channel instead of a file.")
  boolean toFabric;

  @Option(
      names = "--anchor-every",
      converter = DurationConverter.class,
      description =
          "With --to-fabric: anchor again at this interval until stopped (or --rounds); the"
              + " embedded ledger is opened only for each export. "
              + DurationConverter.SYNTAX)
  Duration every;

  @Option(
      names = "--rounds",
      defaultValue = "0",
      description = "With --anchor-every: stop after this many rounds (default: 0, never).")
  long rounds;

  @Mixin FabricChannel channel;

  @Override
  public Integer call() throws InterruptedException {
    GlobalOptions options = options();
    AdminCommand.requireEmbedded(options, "admin anchor exports the embedded ledger's tip");
    if (toFabric == (out != null) || (every != null && !toFabric) || rounds < 0) {
      throw new ParameterException(
          spec.commandLine(), "give either --out FILE or --to-fabric [--anchor-every DURATION]");
    }
    if (toFabric) {
      return toFabric(options);
    }
    ChainAnchor anchor;
    try (EmbeddedLedger ledger = Backends.openEmbedded(options.settings())) {
      anchor = ledger.anchor();
    }
    write(anchor);
    output()
        .row(
            List.of("height", "block hash", "state digest", "file"),
            String.valueOf(anchor.getHeight()),
            HexFormat.of().formatHex(anchor.getBlockHash().toByteArray()),
            HexFormat.of().formatHex(anchor.getStateDigest().toByteArray()),
            out.toString());
    return 0;
  }

  private int toFabric(GlobalOptions options) throws InterruptedException {
    try (FabricChannel.Connected connected = channel.connect(options)) {
      for (long round = 1; ; round++) {
        TipAnchorer.Outcome outcome = connected.anchorer().anchorNow();
        ChainAnchor anchor = outcome.tip().getAnchor();
        output()
            .row(
                List.of("ledger id", "height", "block hash", "anchored", "tx"),
                outcome.tip().getLedgerId(),
                String.valueOf(anchor.getHeight()),
                HexFormat.of().formatHex(anchor.getBlockHash().toByteArray()),
                outcome instanceof TipAnchorer.Outcome.Anchored ? "now" : "already",
                outcome.tip().getTxId());
        if (every == null || round == rounds) {
          return 0;
        }
        Thread.sleep(every.toMillis());
      }
    }
  }

  /** Writes the whole file or nothing, and never over an existing one. */
  private void write(ChainAnchor anchor) {
    Path absolute = out.toAbsolutePath();
    Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    try {
      Files.writeString(temp, ProtoJson.print(anchor) + "\n", StandardCharsets.UTF_8);
      // A hard link appears atomically and, unlike a rename, never replaces an existing file.
      Files.createLink(absolute, temp);
    } catch (FileAlreadyExistsException e) {
      throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, out + " already exists");
    } catch (IOException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, "cannot write " + out + ": " + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // Only a leftover temporary file; the anchor itself is written or reported.
      }
    }
  }

  /** Reads an anchor file. */
  static ChainAnchor read(Path file) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new LedgerException(
            ErrorCode.MALFORMED_ARGUMENT, file + " is too large for an anchor");
      }
      ChainAnchor.Builder anchor = ChainAnchor.newBuilder();
      JsonFormat.parser().merge(Files.readString(file, StandardCharsets.UTF_8), anchor);
      return anchor.build();
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, file + " is not an anchor: " + e.getMessage());
    } catch (IOException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
