package org.chipledger.pol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.trainer.ReferenceTrainer;
import org.chipledger.pol.trainer.SnapshotRecorder;
import org.chipledger.pol.trainer.TrainingConfig;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 3: the chip snapshots of a run on the ledger must span the claimed run. The prover
 * here trained the first half on the declared chips and the second half elsewhere (off the ledger's
 * accounting); the transcript is honest, so replay passes it, and every snapshot its chips took
 * matches.
 */
class SnapshotCoverageAttackTest {
  @TempDir static Path tmp;
  static Path honest;
  static TrainingConfig config;
  static String manifestHash;
  static List<SnapshotClaim> firstHalf;
  static List<SnapshotClaim> wholeRun;

  @BeforeAll
  static void train() throws IOException {
    honest = tmp.resolve("honest");
    config = TrainingConfig.small(43, 1);
    // 40 snapshot steps over the whole run; the attacker's chips took the ones up to step 200.
    SnapshotRecorder recorder =
        new SnapshotRecorder(SnapshotRecorder.randomSteps(43, 40, 1, 400), honest);
    manifestHash = Sha256.hex(ReferenceTrainer.train(config, honest, recorder).manifestHash());
    wholeRun = recorder.claims();
    firstHalf = wholeRun.stream().filter(c -> c.step() <= 200).toList();
  }

  private static Verdict verify(List<SnapshotClaim> claims) {
    return verify(claims, Optional.empty());
  }

  private static Verdict verify(List<SnapshotClaim> claims, Optional<ChipTimeline> timeline) {
    return new Verifier(VerifierPolicy.defaults())
        .verify(
            honest,
            new VerificationRequest(
                Optional.of(manifestHash),
                true,
                "ab",
                claims,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.of(new VerificationRequest.Declaration("run-43", config.chipIds())),
                timeline));
  }

  /**
   * The run's snapshots as its two chips logged them, alternately, at the chip time {@code clock}
   * gives each step.
   */
  private static ChipTimeline timeline(
      java.util.function.IntFunction<Instant> clock, double busyFlop) {
    List<ChipTimeline.Entry> entries = new ArrayList<>();
    for (int i = 0; i < wholeRun.size(); i++) {
      int step = wholeRun.get(i).step();
      entries.add(
          new ChipTimeline.Entry(config.chipIds().get(i % 2), 1 + i / 2, step, clock.apply(step)));
    }
    return new ChipTimeline(entries, 2, busyFlop);
  }

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  private static Instant hourly(int step) {
    return START.plus(Duration.ofHours(step));
  }

  @Test
  void attackChipTimeThatRanTheSecondHalfTwentyTimesFasterFailsTheSnapshotCheck() {
    // The chips trained steps 1..200 at an hour a step; steps 201..400 were trained elsewhere and
    // the host fed their states to the chips at three minutes a step, so the chips' snapshots
    // cover the whole run and every one matches (the old check 6, which read no chip time,
    // passed it: see snapshotsOverTheWholeRunPass).
    ChipTimeline fed =
        timeline(
            step ->
                step <= 200
                    ? hourly(step)
                    : hourly(200).plus(Duration.ofMinutes(3L * (step - 200))),
            0);

    Verdict verdict = verify(wholeRun, Optional.of(fed));

    assertThat(verdict.failedChecks()).containsExactly(CheckName.SNAPSHOTS);
    assertThat(verdict.reportText())
        .contains("chip time is inconsistent with the declared steps (not evenly paced)");
  }

  @Test
  void attackChipTimeTooShortForTheDeclaredFlopsFailsTheSnapshotCheck() {
    // 596 parameters x 6 x 16 examples = 57,216 FLOPs a step; the chips' snapshots span about
    // 390 steps each, half of each step's work per chip: about 2.2e7 FLOPs, where their busy time
    // at peak allows 1e6.
    Verdict verdict =
        verify(wholeRun, Optional.of(timeline(SnapshotCoverageAttackTest::hourly, 1e6)));

    assertThat(verdict.failedChecks()).containsExactly(CheckName.SNAPSHOTS);
    assertThat(verdict.reportText())
        .contains("chip time is too short for the declared steps and FLOPs");
  }

  @Test
  void attackAChipWhoseStepGoesBackFailsTheSnapshotCheck() {
    List<ChipTimeline.Entry> entries =
        new ArrayList<>(timeline(SnapshotCoverageAttackTest::hourly, 0).entries());
    ChipTimeline.Entry last = entries.get(entries.size() - 1);
    entries.add(
        new ChipTimeline.Entry(
            last.chip(), last.counter() + 1, last.step() - 50, last.chipTime().plusSeconds(60)));

    Verdict verdict = verify(wholeRun, Optional.of(new ChipTimeline(entries, 2, 0)));

    assertThat(verdict.failedChecks()).containsExactly(CheckName.SNAPSHOTS);
    assertThat(verdict.reportText()).contains("went from step " + last.step());
  }

  @Test
  void anEvenlyPacedRunWithEnoughChipTimePassesAndStatesTheBoundWithSnapshots() {
    Verdict verdict =
        verify(wholeRun, Optional.of(timeline(SnapshotCoverageAttackTest::hourly, 1e9)));

    assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
    assertThat(verdict.reportText())
        .contains(
            "pace: steps ",
            "largest gap between step share and time share 0.000",
            "chip FLOPs: ",
            "P(caught by replay plus 40 chip snapshot steps | phi of the steps fabricated) >=");
  }

  @Test
  void attackChipsThatSnapshottedOnlyTheFirstHalfFailTheSnapshotCheck() {
    assertThat(firstHalf.size()).isBetween(15, 25);

    Verdict verdict = verify(firstHalf);

    assertThat(verdict.failedChecks()).containsExactly(CheckName.SNAPSHOTS);
    assertThat(verdict.reportText()).contains("do not span the run");
  }

  @Test
  void snapshotsOverTheWholeRunPass() {
    Verdict verdict = verify(wholeRun);

    assertThat(verdict.passed()).as(verdict.reportText()).isTrue();
  }
}
