package org.chipledger.app.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import picocli.CommandLine.Option;

/** Chip serials given on the command line ({@code --serials a,b}) or in a file, one per line. */
public final class SerialList {
  @Option(names = "--serials", split = ",", description = "Comma-separated chip serials.")
  List<String> serials = new ArrayList<>();

  @Option(names = "--serials-file", description = "A file with one chip serial per line.")
  Path file;

  /**
   * The serials of both options, in order.
   *
   * @throws LedgerException MALFORMED_ARGUMENT if none were given or the file cannot be read
   */
  public List<String> resolve() {
    List<String> all = new ArrayList<>(serials);
    if (file != null) {
      try {
        Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .forEach(all::add);
      } catch (IOException e) {
        throw new LedgerException(
            ErrorCode.MALFORMED_ARGUMENT, "cannot read " + file + ": " + e.getMessage());
      }
    }
    if (all.isEmpty()) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, "give chips with --serials or --serials-file");
    }
    return all;
  }
}
