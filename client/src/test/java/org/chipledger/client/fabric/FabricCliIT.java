package org.chipledger.client.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chipledger.client.cli.ChipLedgerCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chipledger --ledger fabric demo} through the CLI entry point, against the embedded run.
 */
@Tag("fabric")
class FabricCliIT {
  private static final Pattern DIGEST = Pattern.compile("Custody digest .*: ([0-9a-f]{64})");
  private static final String SEED = "7";

  @BeforeAll
  static void network() {
    LocalNetwork.freshUp();
  }

  @AfterAll
  static void purge() {
    LocalNetwork.purge("FabricCliIT");
  }

  @Test
  void theDemoOnFabricPrintsTheEmbeddedCustodyDigest(@TempDir Path dir) {
    String embedded =
        digest(cli("demo", "--seed", SEED, "--demo-dir", dir.resolve("e").toString()));

    String fabricDir = dir.resolve("f").toString();
    String fabric = digest(fabric("demo", "--seed", SEED, "--demo-dir", fabricDir));

    assertThat(fabric).isEqualTo(embedded);
    String queried =
        fabric("--data-dir", fabricDir, "--identity", "inspectorate", "query", "digest");
    assertThat(queried.strip()).isEqualTo(embedded);
  }

  private static String fabric(String... args) {
    List<String> full =
        new ArrayList<>(
            List.of("--ledger", "fabric", "--gateway", LocalNetwork.GATEWAY.toString()));
    full.addAll(List.of(args));
    return cli(full.toArray(String[]::new));
  }

  /** Stdout of a command line that must succeed. */
  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ChipLedgerCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as("%s: %s", List.of(args), err).isZero();
    return out.toString();
  }

  private static String digest(String demoOutput) {
    Matcher m = DIGEST.matcher(demoOutput);
    assertThat(m.find()).as(demoOutput).isTrue();
    return m.group(1);
  }
}
