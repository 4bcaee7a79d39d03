package org.chipledger.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.app.cli.CliRun;

/**
 * A demo played on a backend: the directory it left behind and what it printed. Suites that only
 * read the ledger the demo leaves, or change disjoint parts of it, can share one.
 *
 * @param dir the demo directory ({@code --data-dir} for later commands)
 * @param printed what the demo printed
 */
public record PlayedDemo(Path dir, String printed) {
  /** The custody chapter alone, with the seed every scenario suite uses. */
  public static PlayedDemo custodyOnly(List<String> backendOptions, Path dir) {
    return play(backendOptions, dir, "--custody-only", "--seed", "7");
  }

  /** The whole story, with the demo's default seed, as a new user plays it. */
  public static PlayedDemo whole(List<String> backendOptions, Path dir) {
    return play(backendOptions, dir);
  }

  private static PlayedDemo play(List<String> backendOptions, Path dir, String... demoOptions) {
    List<String> args = new ArrayList<>(backendOptions);
    args.add("demo");
    args.addAll(List.of(demoOptions));
    args.addAll(List.of("--demo-dir", dir.toString()));
    CliRun run = CliRun.of(args);
    assertThat(run.exit()).as("demo: %s", run.err()).isZero();
    return new PlayedDemo(dir, run.out());
  }
}
