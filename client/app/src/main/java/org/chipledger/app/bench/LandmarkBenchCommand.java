package org.chipledger.app.bench;

import java.nio.file.Path;
import org.chipledger.app.scratch.DataDirs;
import org.chipledger.app.session.ChipLedgerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chipledger bench landmark}: issue 21's figures on the emulated geography. */
@Command(
    name = "landmark",
    description =
        "Issue 21 figures on network-config/geo.sh's emulated geography (root): attestations per"
            + " second of one landmark, false-mismatch rate of honest chips per country, smallest"
            + " diversion caught.")
final class LandmarkBenchCommand extends ChipLedgerCommand {
  @Option(names = "--concurrency", defaultValue = "8")
  int concurrency;

  @Option(names = "--attestations", defaultValue = "400")
  int attestations;

  @Option(names = "--honest", defaultValue = "200", description = "Attestations per country.")
  int honest;

  @Option(names = "--sweep-step-km", defaultValue = "250")
  int sweepStepKm;

  @Option(names = "--sweep-max-km", defaultValue = "6000")
  int sweepMaxKm;

  @Option(names = "--tries", defaultValue = "10", description = "Attestations per distance.")
  int tries;

  @Option(names = "--allowance-ms", defaultValue = "30", description = "Signing allowance.")
  int allowanceMs;

  @Option(names = "--bench-dir", defaultValue = ".chipledger/bench-landmark")
  Path benchDir;

  @Override
  public Integer call() throws Exception {
    if (concurrency < 1
        || attestations < concurrency
        || honest < 1
        || sweepStepKm < 1
        || sweepMaxKm < 0
        || tries < 1
        || allowanceMs < 0
        || allowanceMs > 1000) {
      throw usage(
          "counts must be >= 1 (attestations >= concurrency), the sweep's bounds >= 0 and the"
              + " allowance 0-1000 ms");
    }
    DataDirs.recreate(benchDir);
    BenchCommand.print(
        output(),
        new LandmarkBenchmark(
                benchDir.toAbsolutePath(),
                concurrency,
                attestations,
                honest,
                sweepStepKm,
                sweepMaxKm,
                tries,
                allowanceMs * 1000,
                line -> System.err.println(line))
            .run());
    return 0;
  }
}
