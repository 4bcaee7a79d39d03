package org.chipledger.app.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.chipledger.app.admin.AdminCommand;
import org.chipledger.app.agent.SnapshotAgentCommand;
import org.chipledger.app.bench.BenchCommand;
import org.chipledger.app.custody.CustodyCommand;
import org.chipledger.app.customs.CustomsCommand;
import org.chipledger.app.dashboard.DashboardCommand;
import org.chipledger.app.datacenter.DatacenterCommand;
import org.chipledger.app.demo.DemoCommand;
import org.chipledger.app.fab.FabCommand;
import org.chipledger.app.firmware.FirmwareCommand;
import org.chipledger.app.identity.IdentityCommand;
import org.chipledger.app.inspection.InspectCommand;
import org.chipledger.app.landmark.LandmarkCommand;
import org.chipledger.app.licence.LicenceCommand;
import org.chipledger.app.model.ModelCommand;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.query.QueryCommand;
import org.chipledger.app.verifier.PolVerifierCli;
import org.chipledger.app.verifier.Train;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code chipledger} command: one sub-command group per role, each in its own package; the
 * groups never name this class. Exit codes: 0 success, 2 usage error, otherwise the numeric value
 * of the ledger's {@link ErrorCode} (for example 40 for NOT_HOLDER), or 1 for any other failure;
 * the Verifier's commands ({@code train}, {@code verifier …}) keep theirs (see {@link
 * PolVerifierCli}).
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
      ModelCommand.class,
      LicenceCommand.class,
      CustodyCommand.class,
      CustomsCommand.class,
      DatacenterCommand.class,
      SnapshotAgentCommand.class,
      FirmwareCommand.class,
      LandmarkCommand.class,
      InspectCommand.class,
      QueryCommand.class,
      DashboardCommand.class,
      BenchCommand.class,
      Train.class,
      PolVerifierCli.class,
      CommandLine.HelpCommand.class
    })
public final class ChipLedgerCli {
  @Mixin GlobalOptions global;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, System.getenv(), out, err);
  }

  /** Runs one command line with option defaults from {@code env}; returns the exit code. */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    // Before anything can load DJL's engine, which reads these properties once.
    PolVerifierCli.configureDjl();
    CommandLine cli;
    try {
      cli = commandLine(args, env);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    cli.setOut(out).setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (PolVerifierCli.owns(commandLine)) {
            return PolVerifierCli.exitCode(e, commandLine);
          }
          if (e instanceof LedgerException rejected) {
            err.println("error: " + rejected.getMessage());
            err.println("Solution: " + solution(rejected.code()));
            return rejected.code().number();
          }
          // A refused argument is the user's to fix: its message, without a Java class name.
          err.println(
              "error: " + (e instanceof IllegalArgumentException ? e.getMessage() : e.toString()));
          return 1;
        });
    return cli.execute(args);
  }

  /**
   * The command line, with option defaults from {@code env} and the config file that {@code args}
   * or {@code env} names.
   *
   * @throws IllegalArgumentException if the config file cannot be read
   */
  static CommandLine commandLine(String[] args, Map<String, String> env) {
    return new CommandLine(new ChipLedgerCli())
        // --output TABLE|json, --ledger Fabric: enum options in any case
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(Settings.load(args, env));
  }

  private static String solution(ErrorCode code) {
    return switch (code) {
      case UNAUTHORIZED_ROLE, IDENTITY_MISMATCH, NOT_CONSORTIUM_ADMIN ->
          "sign with an identity whose org, role and country allow this (--identity).";
      case UNTRUSTED_IDENTITY, UNKNOWN_ORGANIZATION ->
          "issue an identity from a registered organisation's CA (chipledger identity issue).";
      case LEDGER_UNAVAILABLE ->
          "create the ledger (chipledger admin init) or check --data-dir; on Fabric, check that"
              + " the network is up (network-config/network.sh status) and --gateway.";
      case POLICY_ALREADY_SET ->
          "the ledger is already bootstrapped; the demo needs a new one (on Fabric:"
              + " network-config/network.sh down --purge, then up).";
      case LICENCE_REQUIRED -> "add --licence with the export licence reference.";
      case CHIP_NOT_DEPLOYED_HERE ->
          "deploy the chip at this site first (chipledger datacenter deploy).";
      case MALFORMED_ARGUMENT -> "check the command's arguments (--help).";
      default -> "the ledger refused the transaction and changed nothing; see the message above.";
    };
  }
}
