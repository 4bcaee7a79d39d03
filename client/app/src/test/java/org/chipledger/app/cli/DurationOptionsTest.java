package org.chipledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chipledger.app.options.DurationConverter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every duration option of every command reads the one syntax, and bad input is exit 2. */
class DurationOptionsTest {

  private static List<OptionSpec> durationOptions(CommandLine command) {
    List<OptionSpec> found = new ArrayList<>();
    for (OptionSpec option : command.getCommandSpec().options()) {
      if (option.type() == Duration.class) {
        found.add(option);
      }
    }
    command.getSubcommands().values().forEach(sub -> found.addAll(durationOptions(sub)));
    return found;
  }

  @Test
  void everyDurationOptionUsesTheSharedConverter() {
    List<OptionSpec> options = durationOptions(ChipLedgerCli.commandLine(new String[0], Map.of()));
    // firmware run --duration, inspect check-log/record --grace, snapshot-agent serve --epoch,
    // bench fleet --duration/--epoch, train --step-time (at the top and under verifier),
    // admin anchor --anchor-every, licence issue --valid-for, landmark serve --timeout,
    // landmark site --timeout, bench witness --epoch, firmware run --anchor-grace.
    assertThat(options).hasSize(14);
    assertThat(options)
        .allSatisfy(
            option ->
                assertThat(option.converters())
                    .as(option.longestName() + " of " + option.command().qualifiedName())
                    .hasAtLeastOneElementOfType(DurationConverter.class));
  }

  @Test
  void aBadDurationIsAUsageErrorThatShowsBothSyntaxes() {
    CliRun run =
        CliRun.of(Map.of(), List.of("inspect", "check-log", "--nvram", "x", "--grace", "soon"));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--grace", "'soon' is not a duration", "90s", "PT90S");
  }
}
