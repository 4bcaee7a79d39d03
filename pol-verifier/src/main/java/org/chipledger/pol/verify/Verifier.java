package org.chipledger.pol.verify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;

/**
 * Runs the named checks on a transcript directory and returns a {@link Verdict}: PASS only if no
 * check fails. It reads only the transcript, the request and the policy, and writes nothing, so it
 * can run in the air-gapped trusted cluster of paper-spec §6.6.
 */
public final class Verifier {
  private final VerifierPolicy policy;
  private final int memorisationSegments;

  /** A verifier with the given policy, without the memorisation check. */
  public Verifier(VerifierPolicy policy) {
    this(policy, 0);
  }

  /**
   * A verifier with the given policy that also runs the memorisation check (check 8) on {@code
   * memorisationSegments} segments (0: skipped).
   */
  public Verifier(VerifierPolicy policy, int memorisationSegments) {
    if (memorisationSegments < 0) {
      throw new IllegalArgumentException("memorisation segments must not be negative");
    }
    this.policy = policy;
    this.memorisationSegments = memorisationSegments;
  }

  /** Verifies the transcript in {@code dir}. */
  public Verdict verify(Path dir, VerificationRequest request) {
    Transcript transcript;
    try {
      transcript = Transcript.load(dir);
    } catch (TranscriptException e) {
      return refused(request, e.getMessage());
    }
    VerificationRun run =
        new VerificationRun(new RunContext(transcript, request, policy), memorisationSegments);
    List<CheckResult> checks;
    try {
      checks = run.checks();
    } catch (RuntimeException e) {
      // A transcript that trips the code itself is refused, not a crash with no verdict.
      checks = new ArrayList<>();
      checks.add(new CheckResult.Failed(CheckName.TRANSCRIPT, "verification failed on it: " + e));
    }
    return verdict(
        transcript.manifest().getRunId(),
        Sha256.hex(transcript.manifestHash()),
        Sha256.hex(
            transcript
                .manifest()
                .getCheckpoints(transcript.checkpointCount() - 1)
                .getSha256()
                .toByteArray()),
        request,
        checks,
        run.replayedSteps(),
        transcript.steps());
  }

  /**
   * The INVALID_TRANSCRIPT verdict for a transcript refused for {@code reason}: what the daemon
   * records when the verification could not complete (even on an {@link Error}).
   */
  public Verdict refused(VerificationRequest request, String reason) {
    List<CheckResult> checks = new ArrayList<>();
    checks.add(new CheckResult.Failed(CheckName.TRANSCRIPT, reason));
    for (CheckName name : CheckName.values()) {
      if (name != CheckName.TRANSCRIPT) {
        checks.add(new CheckResult.Skipped(name, "transcript rejected"));
      }
    }
    return verdict("(unknown)", "(unreadable)", "", request, checks, 0, 0);
  }

  private Verdict verdict(
      String runId,
      String manifestHashHex,
      String finalCheckpointHex,
      VerificationRequest request,
      List<CheckResult> checks,
      int replayedSteps,
      int trainedSteps) {
    Verdict.Outcome outcome = outcome(checks);
    StringBuilder text = new StringBuilder();
    text.append("chipledger proof-of-learning verification report v1\n");
    text.append("run: ").append(runId).append('\n');
    text.append("manifest-sha256: ").append(manifestHashHex).append('\n');
    text.append("final-checkpoint-sha256: ")
        .append(finalCheckpointHex.isEmpty() ? "(unreadable)" : finalCheckpointHex)
        .append('\n');
    text.append("ledger-commitment: ").append(request.commitmentHex().orElse("(none given)"));
    text.append('\n');
    text.append("beacon: ").append(request.beaconHex()).append('\n');
    text.append(
        String.format(
            Locale.ROOT,
            "policy: epsilon=%.3e (normalised L2: |W'-W|/|W_end-W_start|; %s), top-Q=%d,"
                + " random=%d, max-interval=%d, flops-tolerance=%.3f, H=%.3e, replay-threads=%s%n",
            policy.epsilon(),
            policy.epsilonBasis(),
            policy.topQ(),
            policy.randomSegments(),
            policy.maxCheckpointInterval(),
            policy.flopsRelativeTolerance(),
            policy.flopsThresholdH(),
            policy.replayThreads() == 0
                ? "as-recorded"
                : Integer.toString(policy.replayThreads())));
    for (CheckResult check : checks) {
      text.append(
          String.format(
              Locale.ROOT,
              "[%s] %d %s: %s%n",
              check.tag(),
              check.check().code(),
              check.check(),
              check.detail()));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "cost: replayed %d of %d training steps (%.2f%%)%n",
            replayedSteps,
            trainedSteps,
            trainedSteps == 0 ? 0.0 : 100.0 * replayedSteps / trainedSteps));
    text.append("verdict: ").append(outcome).append('\n');
    String report = text.toString();
    String evidence = Sha256.hex(Sha256.of(report.getBytes(StandardCharsets.UTF_8)));
    return new Verdict(
        runId, outcome, evidence, report, checks, replayedSteps, trainedSteps, finalCheckpointHex);
  }

  /**
   * INVALID_TRANSCRIPT if the transcript could not be read through, else FAIL if a check failed.
   */
  private static Verdict.Outcome outcome(List<CheckResult> checks) {
    if (checks.stream()
        .anyMatch(c -> c instanceof CheckResult.Failed && c.check() == CheckName.TRANSCRIPT)) {
      return Verdict.Outcome.INVALID_TRANSCRIPT;
    }
    return checks.stream().anyMatch(c -> c instanceof CheckResult.Failed)
        ? Verdict.Outcome.FAIL
        : Verdict.Outcome.PASS;
  }

  /**
   * Normalised L2 distance of a replayed state from the claimed one: the miss as a fraction of the
   * claimed update, so that ε is independent of the learning rate and the model size. A zero update
   * that the replay does not reproduce exactly is infinitely far.
   */
  public static double normalisedDistance(Weights start, Weights claimedEnd, Weights replayedEnd) {
    double miss = replayedEnd.l2Distance(claimedEnd);
    double update = claimedEnd.l2Distance(start);
    if (miss == 0) {
      return 0;
    }
    return update == 0 ? Double.POSITIVE_INFINITY : miss / update;
  }
}
