package org.chipledger.app.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolVerifierCliTest {
  @TempDir Path tmp;

  private record Outcome(int code, String out) {}

  private static Outcome run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      int code = VerifierRun.run(args);
      return new Outcome(code, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  private static String field(String text, String name) {
    Matcher m = Pattern.compile(name + ": ([0-9a-f]{64})").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  @Test
  void trainVerifyAttackRoundTrip() {
    Path honest = tmp.resolve("honest");
    Outcome trained = run("train", "--out", honest.toString(), "--seed", "8", "--steps", "120");
    assertThat(trained.code()).isZero();
    String commitment = field(trained.out(), "manifest-sha256");
    Outcome verified =
        run(
            "verify",
            honest.toString(),
            "--commitment",
            commitment,
            "--beacon",
            "0102",
            "--snapshots",
            honest.resolve(PolVerifierCli.SNAPSHOTS_FILE).toString());
    assertThat(verified.code()).as(verified.out()).isZero();
    assertThat(verified.out()).contains("verdict: PASS").contains("evidence-sha256: ");

    Path spoof = tmp.resolve("spoof");
    Outcome attacked =
        run("attack", "LR_LIE", "--from", honest.toString(), "--out", spoof.toString());
    assertThat(attacked.code()).isZero();
    Outcome rejected =
        run(
            "verify",
            spoof.toString(),
            "--commitment",
            field(attacked.out(), "ledger-commitment"),
            "--beacon",
            "0102");
    assertThat(rejected.code()).isEqualTo(PolVerifierCli.EXIT_FAIL);
    assertThat(rejected.out()).contains("[FAIL] 5 SEGMENT_REPLAY").contains("verdict: FAIL");
  }

  @Test
  void badInputExitsWithInputCode() {
    assertThat(run("verify", tmp.toString(), "--commitment", "xyz").code())
        .isEqualTo(PolVerifierCli.EXIT_INPUT);
    assertThat(run("attack", "NO_SUCH_KIND", "--from", "a", "--out", "b").code())
        .isEqualTo(PolVerifierCli.EXIT_INPUT);
  }
}
