package org.chipledger.client.cli;

import java.io.PrintWriter;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code chipledger} command: one sub-command group per role. Exit codes: 0 success, 2 usage
 * error, otherwise the numeric value of the ledger's {@link ErrorCode} (for example 40 for
 * NOT_HOLDER), or 1 for any other failure.
 */
@Command(
    name = "chipledger",
    mixinStandardHelpOptions = true,
    version = "chipledger 0.1.0",
    description =
        "Compute-monitoring ledger for ML chips (Shavit 2023): custody from fab to datacenter.",
    subcommands = {
      DemoCommand.class,
      IdentityCommand.class,
      AdminCommand.class,
      FabCommand.class,
      CustodyCommand.class,
      CustomsCommand.class,
      DatacenterCommand.class,
      SnapshotAgentCommand.class,
      FirmwareCommand.class,
      InspectCommand.class,
      QueryCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ChipLedgerCli {
  @Mixin GlobalOptions global;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new ChipLedgerCli());
    cli.setOut(out).setErr(err);
    try {
      cli.setDefaultValueProvider(Settings.load(args, System.getenv()));
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof LedgerException rejected) {
            err.println("error: " + rejected.getMessage());
            err.println("Solution: " + solution(rejected.code()));
            return rejected.code().number();
          }
          err.println("error: " + e);
          return 1;
        });
    return cli.execute(args);
  }

  private static String solution(ErrorCode code) {
    return switch (code) {
      case UNAUTHORIZED_ROLE, IDENTITY_MISMATCH, NOT_CONSORTIUM_ADMIN ->
          "sign with an identity whose org, role and country allow this (--identity).";
      case UNTRUSTED_IDENTITY, UNKNOWN_ORGANIZATION ->
          "issue an identity from a registered organisation's CA (chipledger identity issue).";
      case LEDGER_UNAVAILABLE -> "create the ledger (chipledger admin init) or check --data-dir.";
      case LICENCE_REQUIRED -> "add --licence with the export licence reference.";
      case CHIP_NOT_DEPLOYED_HERE ->
          "deploy the chip at this site first (chipledger datacenter deploy).";
      case MALFORMED_ARGUMENT -> "check the command's arguments (--help).";
      default -> "the ledger refused the transaction and changed nothing; see the message above.";
    };
  }
}
