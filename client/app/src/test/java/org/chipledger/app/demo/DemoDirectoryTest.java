package org.chipledger.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chipledger.app.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo plays where the global --data-dir says, and never wipes data it did not write. */
class DemoDirectoryTest {

  @Test
  void theDemoPlaysInTheChosenDataDirectoryAndItsHintsNameIt(@TempDir Path tmp) {
    Path chosen = tmp.resolve("chosen");

    CliRun demo = CliRun.of(List.of("--data-dir", chosen.toString(), "demo", "--custody-only"));

    assertThat(demo.exit()).as(demo.err()).isZero();
    assertThat(chosen.resolve("ledger")).isDirectory();
    assertThat(chosen.resolve("identities")).isDirectory();
    assertThat(demo.out()).contains("--data-dir " + chosen).doesNotContain(".chipledger/demo");
    CliRun counts =
        CliRun.of(
            List.of(
                "--data-dir", chosen.toString(), "--identity", "inspectorate", "query", "counts"));
    assertThat(counts.exit()).as(counts.err()).isZero();
    assertThat(counts.out()).contains("10,000");
  }

  @Test
  void aChosenDirectoryHoldingOtherDataIsRefusedAndLeftAsItWas(@TempDir Path tmp) throws Exception {
    Path precious = tmp.resolve("node");
    Files.createDirectories(precious);
    Files.writeString(precious.resolve("keep.txt"), "a real node's data");

    CliRun demo = CliRun.of(List.of("--data-dir", precious.toString(), "demo", "--custody-only"));

    assertThat(demo.exit()).isEqualTo(1);
    assertThat(demo.err()).contains("holds data that no demo wrote").doesNotContain("java.lang");
    assertThat(precious.resolve("keep.txt")).hasContent("a real node's data");
    assertThat(precious.resolve("ledger")).doesNotExist();
  }

  @Test
  void aSecondDemoReplaysInTheDirectoryTheFirstOneWrote(@TempDir Path tmp) {
    Path chosen = tmp.resolve("again");
    List<String> line = List.of("--data-dir", chosen.toString(), "demo", "--custody-only");

    assertThat(CliRun.of(line).exit()).isZero();
    CliRun second = CliRun.of(line);

    assertThat(second.exit()).as(second.err()).isZero();
  }
}
