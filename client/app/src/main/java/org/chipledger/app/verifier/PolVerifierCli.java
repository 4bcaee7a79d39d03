package org.chipledger.app.verifier;

import java.io.IOException;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.TranscriptException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command line of the Proof-of-Learning verifier: train, verify, attack, calibrate, bench. */
@Command(
    name = "verifier",
    mixinStandardHelpOptions = true,
    description = "Proof-of-Learning transcripts: train, verify, spoof, benchmark.",
    subcommands = {
      Train.class,
      Verify.class,
      Daemon.class,
      Attack.class,
      Calibrate.class,
      Bench.class
    })
public final class PolVerifierCli {
  /** Exit code of a verification that failed. */
  public static final int EXIT_FAIL = 1;

  /** Exit code of bad input (picocli's usage error code). */
  public static final int EXIT_INPUT = 2;

  /** Exit code of a ledger rejection or an unreachable ledger. */
  public static final int EXIT_LEDGER = 3;

  /** Name of the chip-log file that train and attack write beside the transcript. */
  public static final String SNAPSHOTS_FILE = SnapshotClaim.FILE_NAME;

  private PolVerifierCli() {}

  /**
   * Forces DJL offline, without telemetry, on one thread unless the caller already chose otherwise.
   */
  public static void configureDjl() {
    setDefault("ai.djl.offline", "true");
    setDefault("OPT_OUT_TRACKING", "true");
    setDefault("ai.djl.pytorch.num_threads", "1");
    setDefault("ai.djl.pytorch.num_interop_threads", "1");
  }

  /**
   * The exit code of a failed Verifier command: bad input 2, a ledger refusal 3.
   *
   * @throws Exception {@code e} itself when it is neither
   */
  public static int exitCode(Exception e, CommandLine commandLine) throws Exception {
    if (e instanceof TranscriptException
        || e instanceof IllegalArgumentException
        || e instanceof IOException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return EXIT_INPUT;
    }
    if (e instanceof LedgerException) {
      commandLine.getErr().println("error: " + e.getMessage());
      return EXIT_LEDGER;
    }
    throw e;
  }

  /** True for the Verifier's commands, which keep their own exit codes. */
  public static boolean owns(CommandLine commandLine) {
    return commandLine
        .getCommand()
        .getClass()
        .getPackageName()
        .equals(PolVerifierCli.class.getPackageName());
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
