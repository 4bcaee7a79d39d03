package org.chipledger.app.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults, highest first: the environment ({@code --data-dir} is {@code
 * CHIPLEDGER_DATA_DIR}), then the config file ({@code data-dir=…}), then the built-in default.
 */
final class Settings implements IDefaultValueProvider {
  private final Map<String, String> env;
  private final Properties file;

  Settings(Map<String, String> env, Properties file) {
    this.env = env;
    this.file = file;
  }

  /** Loads the config file named on the command line or by CHIPLEDGER_CONFIG_FILE, if any. */
  static Settings load(String[] args, Map<String, String> env) {
    Path path = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config-file") && i + 1 < args.length) {
        path = Path.of(args[i + 1]);
      } else if (args[i].startsWith("--config-file=")) {
        path = Path.of(args[i].substring("--config-file=".length()));
      }
    }
    if (path == null && env.containsKey("CHIPLEDGER_CONFIG_FILE")) {
      path = Path.of(env.get("CHIPLEDGER_CONFIG_FILE"));
    }
    Properties properties = new Properties();
    if (path != null) {
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read config file " + path + ": " + e.getMessage(), e);
      }
    }
    return new Settings(env, properties);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    String name = option.longestName().replaceFirst("^--", "");
    String fromEnv = env.get("CHIPLEDGER_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
    if (fromEnv != null) {
      return fromEnv;
    }
    String fromFile = file.getProperty(name);
    return fromFile != null ? fromFile : option.defaultValue();
  }
}
