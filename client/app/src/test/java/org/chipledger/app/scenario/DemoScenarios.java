package org.chipledger.app.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.chipledger.app.cli.CliRun;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One scenario suite for every backend, through the CLI entry point: {@code chipledger demo} on the
 * backend ends in the custody of an embedded reference run with the same seed, and on the ledger it
 * leaves behind, rule violations exit with their stable codes and change nothing (checked last). A
 * subclass per backend says how to reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class DemoScenarios {
  private static final Pattern DIGEST = Pattern.compile("Custody digest .*: ([0-9a-f]{64})");
  private static final String SEED = "7";

  private Path demoDir;
  private Path keysDir;
  private String demo;
  private String reference;
  private String digest;

  /** Makes the backend ready for a demo on a new ledger. */
  protected abstract void startBackend();

  /** Releases the backend after the suite. */
  protected abstract void stopBackend();

  /** Global options that select the backend, e.g. {@code --ledger fabric}. */
  protected abstract List<String> backendOptions();

  /**
   * Plays the demo the suite reads, into a directory under {@code dir}; suites that share a backend
   * may return one demo played once.
   */
  protected PlayedDemo playDemo(Path dir) {
    return PlayedDemo.custodyOnly(backendOptions(), dir.resolve("demo"));
  }

  @BeforeAll
  void playTheDemoOnTheBackendAndAnEmbeddedReference(@TempDir Path dir) {
    startBackend();
    PlayedDemo played = playDemo(dir);
    demoDir = played.dir();
    keysDir = dir.resolve("keys");
    reference =
        ok(
            List.of("--ledger", "embedded"),
            "demo",
            "--custody-only",
            "--seed",
            SEED,
            "--demo-dir",
            dir.resolve("ref").toString());
    demo = played.printed();
    digest = digestLine(demo);
  }

  @AfterAll
  void stop() {
    stopBackend();
  }

  @Test
  void theDemoEndsWithTheCustodyDigestOfTheEmbeddedReference() {
    assertThat(digest).isEqualTo(digestLine(reference));
    assertThat(queriedDigest()).isEqualTo(digest);
  }

  @Test
  void theDemoCountsAndRejectsLikeTheEmbeddedReference() {
    assertThat(section(demo, "Custody by country", "Unaccounted chips"))
        .isEqualTo(section(reference, "Custody by country", "Unaccounted chips"))
        .contains("10,000");
    assertThat(codes(section(demo, "Rejected", "Custody by country")))
        .isEqualTo(codes(section(reference, "Rejected", "Custody by country")))
        .hasSize(5);
  }

  static Stream<Arguments> ruleViolations() {
    return Stream.of(
        violation(
            "a datacenter registers chips",
            ErrorCode.UNAUTHORIZED_ROLE,
            "--identity dc-sg fab register --lot-id X --count 1 --model H100 --tpp 15832"),
        violation(
            "Dutch customs enter an import bound for Singapore",
            ErrorCode.CUSTOMS_WRONG_COUNTRY,
            "--identity customs-nl customs enter-import --transfer-id T0007"),
        violation(
            "controlled chips leave the US without a licence",
            ErrorCode.LICENCE_REQUIRED,
            "--identity fab-us custody propose --transfer-id X1 --to dc-sg --serials US-B200-007100"),
        violation(
            "US chips are deployed at a Singapore site",
            ErrorCode.WRONG_COUNTRY,
            "--identity dc-us datacenter deploy --site-id sg-annex --cluster-id c9"
                + " --serials US-B200-005001"),
        violation(
            "a destroyed chip is shipped",
            ErrorCode.TERMINAL_STATE,
            "--identity fab-us custody propose --transfer-id X2 --to dc-us --serials US-RTX-009001"),
        violation(
            "a datacenter reports chips it does not hold",
            ErrorCode.NOT_HOLDER,
            "--identity dc-nl custody report --kind lost --serials US-B200-007100"),
        violation(
            "an inspector asks for an unknown chip",
            ErrorCode.CHIP_NOT_FOUND,
            "--identity inspectorate query chip NOPE-1"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("ruleViolations")
  void aRuleViolationExitsWithItsStableCode(String what, ErrorCode code, List<String> command) {
    List<String> args = new ArrayList<>(List.of("--data-dir", demoDir.toString()));
    args.addAll(command);
    if (command.contains("register")) {
      args.addAll(List.of("--keys-dir", keysDir.toString()));
    }
    CliRun run = run(backendOptions(), args.toArray(String[]::new));

    assertThat(run.exit()).as(what + ": " + run.err()).isEqualTo(code.number());
    assertThat(run.err()).contains(code.name() + ": ");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void theRuleViolationsChangedNothing() {
    assertThat(queriedDigest()).isEqualTo(digest);
  }

  private static Arguments violation(String what, ErrorCode code, String command) {
    return Arguments.of(what, code, List.of(command.split(" ")));
  }

  private String queriedDigest() {
    return ok(
            backendOptions(),
            "--data-dir",
            demoDir.toString(),
            "--identity",
            "inspectorate",
            "query",
            "digest")
        .strip();
  }

  private static CliRun run(List<String> options, String... args) {
    List<String> full = new ArrayList<>(options);
    full.addAll(Arrays.asList(args));
    return CliRun.of(full);
  }

  private static String ok(List<String> options, String... args) {
    CliRun run = run(options, args);
    assertThat(run.exit()).as("%s %s: %s", options, List.of(args), run.err()).isZero();
    return run.out();
  }

  private static String digestLine(String demoOutput) {
    Matcher m = DIGEST.matcher(demoOutput);
    assertThat(m.find()).as(demoOutput).isTrue();
    return m.group(1);
  }

  private static String section(String output, String from, String to) {
    int start = output.indexOf(from);
    int end = output.indexOf(to, start);
    assertThat(start).as("%s in %s", from, output).isNotNegative();
    assertThat(end).as("%s in %s", to, output).isPositive();
    return output.substring(start, end);
  }

  /** The error codes named in the rejection table, in order. */
  private static List<ErrorCode> codes(String rejections) {
    return rejections
        .lines()
        .flatMap(
            line ->
                Arrays.stream(ErrorCode.values())
                    .filter(c -> line.contains("  " + c.name() + "  "))
                    .limit(1))
        .toList();
  }
}
