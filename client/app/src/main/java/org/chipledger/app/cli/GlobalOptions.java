package org.chipledger.app.cli;

import java.nio.file.Path;
import org.chipledger.client.backend.Backend;
import org.chipledger.client.backend.LedgerSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts; each also reads {@code CHIPLEDGER_*} and the config file. */
public final class GlobalOptions {
  /** How results are printed. */
  public enum OutputFormat {
    TABLE,
    JSON
  }

  @Option(
      names = "--ledger",
      scope = ScopeType.INHERIT,
      defaultValue = "embedded",
      description =
          "embedded (the ledger in --data-dir) or fabric (the network of --gateway) (default:"
              + " ${DEFAULT-VALUE}).")
  Backend ledger;

  @Option(
      names = "--gateway",
      scope = ScopeType.INHERIT,
      defaultValue = "network-config/run/connection/gateway.properties",
      description =
          "With --ledger fabric: the connection file network.sh up writes (default:"
              + " ${DEFAULT-VALUE}).")
  Path gateway;

  /** Where the data directory is unless chosen. */
  static final Path DEFAULT_DATA_DIR = Path.of(".chipledger/node");

  @Option(
      names = "--data-dir",
      scope = ScopeType.INHERIT,
      defaultValue = ".chipledger/node",
      description = "Where the embedded ledger and identities live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--identity",
      scope = ScopeType.INHERIT,
      description = "Who signs: NAME or MSP/NAME from the identity store.")
  String identity;

  @Option(
      names = "--output",
      scope = ScopeType.INHERIT,
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(
      names = "--config-file",
      scope = ScopeType.INHERIT,
      description =
          "A properties file of option defaults (data-dir=…, identity=…, ledger=…); also"
              + " CHIPLEDGER_CONFIG_FILE.")
  Path configFile;

  /** The global options of the command line that {@code spec} belongs to. */
  public static GlobalOptions of(picocli.CommandLine.Model.CommandSpec spec) {
    return ((ChipLedgerCli) spec.root().userObject()).global;
  }

  /** Where the command prints, in the chosen format. */
  Output output(picocli.CommandLine.Model.CommandSpec spec) {
    return new Output(spec.commandLine().getOut(), output);
  }

  /** The ledger these options name, signed by {@code --identity}. */
  public LedgerSettings settings() {
    return new LedgerSettings(ledger, dataDir, gateway, identity);
  }

  Path ledgerDir() {
    return settings().ledgerDir();
  }

  Path identitiesDir() {
    return settings().identitiesDir();
  }
}
