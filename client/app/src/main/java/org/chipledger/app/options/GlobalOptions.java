package org.chipledger.app.options;

import java.nio.file.Path;
import org.chipledger.app.output.Output;
import org.chipledger.app.output.OutputFormat;
import org.chipledger.client.backend.Backend;
import org.chipledger.client.backend.LedgerSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts; each also reads {@code CHIPLEDGER_*} and the config file. */
public final class GlobalOptions {
  /** Where the data directory is unless chosen. */
  public static final Path DEFAULT_DATA_DIR = Path.of(".chipledger/node");

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

  /**
   * The global options of the command line that {@code spec} belongs to: the root command's mixin,
   * found without naming the root, so that command groups need not know it.
   *
   * @throws IllegalStateException if the root command has no such mixin
   */
  public static GlobalOptions of(CommandSpec spec) {
    for (CommandSpec mixin : spec.root().mixins().values()) {
      if (mixin.userObject() instanceof GlobalOptions global) {
        return global;
      }
    }
    throw new IllegalStateException(spec.root().name() + " has no global options");
  }

  /** Where the command of {@code spec} prints, in the chosen format. */
  public Output output(CommandSpec spec) {
    return new Output(spec.commandLine().getOut(), output);
  }

  /** The ledger these options name, signed by {@code --identity}. */
  public LedgerSettings settings() {
    return new LedgerSettings(ledger, dataDir, gateway, identity);
  }

  /** {@code --ledger}. */
  public Backend ledger() {
    return ledger;
  }

  /** {@code --gateway}. */
  public Path gateway() {
    return gateway;
  }

  /** {@code --data-dir}. */
  public Path dataDir() {
    return dataDir;
  }

  /** {@code --identity}, or null when not given. */
  public String identity() {
    return identity;
  }
}
