package org.chipledger.app.inspection;

import java.time.Duration;
import org.chipledger.app.options.DurationConverter;
import picocli.CommandLine.Option;

/** {@code --grace} of the commands that check a chip's NVRAM log against the ledger. */
final class GraceOption {
  @Option(
      names = "--grace",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "How long a record may wait for its batch (default: ${DEFAULT-VALUE}).")
  Duration grace;
}
