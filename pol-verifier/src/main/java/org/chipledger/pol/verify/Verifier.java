package org.chipledger.pol.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.Initializer;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.trainer.SgdStepper;
import org.chipledger.pol.transcript.SnapshotClaim;
import org.chipledger.pol.transcript.Transcript;
import org.chipledger.pol.transcript.TranscriptException;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * Runs the named checks on a transcript directory and returns a {@link Verdict}: PASS only if no
 * check fails. It reads only the transcript, the request and the policy, and writes nothing, so it
 * can run in the air-gapped trusted cluster of paper-spec §6.6.
 */
public final class Verifier {
  private final VerifierPolicy policy;

  /** A verifier with the given policy. */
  public Verifier(VerifierPolicy policy) {
    this.policy = policy;
  }

  /** Verifies the transcript in {@code dir}. */
  public Verdict verify(Path dir, VerificationRequest request) {
    Transcript transcript;
    try {
      transcript = Transcript.load(dir);
    } catch (TranscriptException e) {
      List<CheckResult> checks = new ArrayList<>();
      checks.add(new CheckResult.Failed(CheckName.TRANSCRIPT, e.getMessage()));
      for (CheckName name : CheckName.values()) {
        if (name != CheckName.TRANSCRIPT) {
          checks.add(new CheckResult.Skipped(name, "transcript rejected"));
        }
      }
      return verdict("(unknown)", "(unreadable)", request, checks, 0, 0);
    }
    Run run = new Run(transcript, request);
    List<CheckResult> checks = run.checks();
    return verdict(
        transcript.manifest().getRunId(),
        Sha256.hex(transcript.manifestHash()),
        request,
        checks,
        run.replayedSteps,
        transcript.steps());
  }

  private Verdict verdict(
      String runId,
      String manifestHashHex,
      VerificationRequest request,
      List<CheckResult> checks,
      int replayedSteps,
      int trainedSteps) {
    boolean passed = checks.stream().noneMatch(c -> c instanceof CheckResult.Failed);
    Verdict.Outcome outcome = passed ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL;
    StringBuilder text = new StringBuilder();
    text.append("chipledger proof-of-learning verification report v1\n");
    text.append("run: ").append(runId).append('\n');
    text.append("manifest-sha256: ").append(manifestHashHex).append('\n');
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
    return new Verdict(runId, outcome, evidence, report, checks, replayedSteps, trainedSteps);
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

  /** The state of one verification: the loaded transcript and what has been replayed. */
  private final class Run {
    private final Transcript transcript;
    private final VerificationRequest request;
    private final TranscriptManifest manifest;
    private int replayedSteps;

    Run(Transcript transcript, VerificationRequest request) {
      this.transcript = transcript;
      this.request = request;
      this.manifest = transcript.manifest();
    }

    List<CheckResult> checks() {
      List<CheckResult> checks = new ArrayList<>();
      checks.add(
          new CheckResult.Passed(
              CheckName.TRANSCRIPT,
              String.format(
                  Locale.ROOT,
                  "%d checkpoints and %d batches load; every checkpoint file matches its SHA-256",
                  transcript.checkpointCount(),
                  transcript.steps())));
      checks.add(commitment());
      try {
        checks.add(dataCommitment());
        checks.add(initialisation());
        List<Weights> checkpoints = new ArrayList<>();
        for (int i = 0; i < transcript.checkpointCount(); i++) {
          checkpoints.add(transcript.checkpoint(i));
        }
        SegmentSelector.Selection selection = select(checkpoints);
        CheckResult selectionResult = selection(checkpoints, selection);
        checks.add(selectionResult);
        checks.add(
            selectionResult instanceof CheckResult.Failed
                ? new CheckResult.Skipped(CheckName.SEGMENT_REPLAY, "no acceptable segmentation")
                : replay(checkpoints, selection));
        checks.add(snapshots(checkpoints));
      } catch (TranscriptException e) {
        // A file changed or vanished after load: the transcript is unusable from here on.
        checks.add(new CheckResult.Failed(CheckName.TRANSCRIPT, e.getMessage()));
      }
      checks.add(compute());
      return checks;
    }

    private CheckResult commitment() {
      String actual = Sha256.hex(transcript.manifestHash());
      if (request.commitmentHex().isEmpty() && request.commitmentRequired()) {
        return new CheckResult.Failed(
            CheckName.COMMITMENT,
            "the ledger holds no commitment for this run (never declared); manifest hash is "
                + actual);
      }
      if (request.commitmentHex().isEmpty()) {
        return new CheckResult.Skipped(
            CheckName.COMMITMENT, "no ledger commitment given; manifest hash is " + actual);
      }
      String expected = request.commitmentHex().get().toLowerCase(Locale.ROOT);
      return expected.equals(actual)
          ? new CheckResult.Passed(CheckName.COMMITMENT, "manifest hash equals the commitment")
          : new CheckResult.Failed(
              CheckName.COMMITMENT, "manifest hash " + actual + " != commitment " + expected);
    }

    private CheckResult dataCommitment() throws TranscriptException {
      List<byte[]> leaves = new ArrayList<>(transcript.steps());
      for (byte[] bytes : transcript.batchBytes(0, transcript.steps())) {
        leaves.add(Sha256.of(bytes));
      }
      byte[] root = MerkleTree.of(leaves).root();
      byte[] committed = manifest.getData().getMerkleRoot().toByteArray();
      return Arrays.equals(root, committed)
          ? new CheckResult.Passed(
              CheckName.DATA_COMMITMENT,
              "Merkle root over " + leaves.size() + " batch hashes equals the commitment")
          : new CheckResult.Failed(
              CheckName.DATA_COMMITMENT,
              "Merkle root over the supplied batches is "
                  + Sha256.hex(root)
                  + ", committed "
                  + Sha256.hex(committed));
    }

    private CheckResult initialisation() {
      long seed = manifest.getSeeds().getInitSeed();
      byte[] expected = Initializer.initialize(transcript.spec(), seed).sha256();
      byte[] claimed = manifest.getCheckpoints(0).getSha256().toByteArray();
      return Arrays.equals(expected, claimed)
          ? new CheckResult.Passed(
              CheckName.INITIALISATION, "checkpoint 0 is bit-exactly the init of seed " + seed)
          : new CheckResult.Failed(
              CheckName.INITIALISATION,
              "checkpoint 0 is not the initialisation drawn from init seed " + seed);
    }

    private int allowedInterval() {
      return Math.min(
          manifest.getHyperparameters().getCheckpointInterval(), policy.maxCheckpointInterval());
    }

    private CheckResult selection(List<Weights> checkpoints, SegmentSelector.Selection selection) {
      int allowed = allowedInterval();
      for (int i = 0; i + 1 < checkpoints.size(); i++) {
        int length = transcript.checkpointStep(i + 1) - transcript.checkpointStep(i);
        if (length > allowed) {
          return new CheckResult.Failed(
              CheckName.SEGMENT_SELECTION,
              String.format(
                  Locale.ROOT,
                  "segment %d (steps %d->%d) is %d steps; at most %d accepted",
                  i,
                  transcript.checkpointStep(i),
                  transcript.checkpointStep(i + 1),
                  length,
                  allowed));
        }
      }
      return new CheckResult.Passed(
          CheckName.SEGMENT_SELECTION,
          String.format(
              Locale.ROOT,
              "%d segments of at most %d steps; top-%d by update norm %s, random %s from"
                  + " seed %s",
              checkpoints.size() - 1,
              allowed,
              policy.topQ(),
              selection.topQ(),
              selection.random(),
              Sha256.hex(SegmentSelector.seed(transcript.manifestHash(), request.beacon()))));
    }

    private SegmentSelector.Selection select(List<Weights> checkpoints) {
      double[] norms = new double[checkpoints.size() - 1];
      for (int i = 0; i < norms.length; i++) {
        norms[i] = checkpoints.get(i + 1).l2Distance(checkpoints.get(i));
      }
      return SegmentSelector.select(
          norms,
          policy.topQ(),
          policy.randomSegments(),
          SegmentSelector.seed(transcript.manifestHash(), request.beacon()));
    }

    private int replayThreads() {
      return policy.replayThreads() == 0
          ? manifest.getEngine().getIntraOpThreads()
          : policy.replayThreads();
    }

    private Weights replay(Weights start, int fromStep, int toStep) throws TranscriptException {
      List<Batch> batches = transcript.batches(fromStep, toStep);
      Weights weights = start;
      try (SgdStepper stepper =
          new SgdStepper(
              transcript.spec(),
              manifest.getHyperparameters().getLearningRate(),
              replayThreads())) {
        for (Batch batch : batches) {
          weights = stepper.step(weights, batch).weights();
        }
      }
      replayedSteps += batches.size();
      return weights;
    }

    private CheckResult replay(List<Weights> checkpoints, SegmentSelector.Selection selection)
        throws TranscriptException {
      StringBuilder detail = new StringBuilder();
      boolean ok = true;
      for (int index : selection.all()) {
        int from = transcript.checkpointStep(index);
        int to = transcript.checkpointStep(index + 1);
        Weights replayed = replay(checkpoints.get(index), from, to);
        double distance =
            normalisedDistance(checkpoints.get(index), checkpoints.get(index + 1), replayed);
        boolean within = distance <= policy.epsilon();
        ok &= within;
        detail.append(
            String.format(
                Locale.ROOT,
                "%ssegment %d (steps %d->%d, %s): d=%.3e %s eps",
                detail.length() == 0 ? "" : "; ",
                index,
                from,
                to,
                selection.topQ().contains(index) ? "top-Q" : "random",
                distance,
                within ? "<=" : ">"));
      }
      if (detail.length() == 0) {
        detail.append("no segment selected");
      }
      return ok
          ? new CheckResult.Passed(CheckName.SEGMENT_REPLAY, detail.toString())
          : new CheckResult.Failed(CheckName.SEGMENT_REPLAY, detail.toString());
    }

    private CheckResult snapshots(List<Weights> checkpoints) throws TranscriptException {
      if (request.snapshots().isEmpty()) {
        return new CheckResult.Skipped(CheckName.SNAPSHOTS, "no snapshots attached to the run");
      }
      StringBuilder detail = new StringBuilder();
      boolean ok = true;
      for (SnapshotClaim claim : request.snapshots()) {
        Finding finding = snapshot(checkpoints, claim);
        ok &= finding.matched();
        detail.append(detail.length() == 0 ? "" : "; ");
        detail.append("step ").append(claim.step()).append(' ').append(finding.text());
      }
      return ok
          ? new CheckResult.Passed(CheckName.SNAPSHOTS, detail.toString())
          : new CheckResult.Failed(CheckName.SNAPSHOTS, detail.toString());
    }

    /** Whether a snapshot is a state on the transcript, and the evidence. */
    private record Finding(boolean matched, String text) {}

    private Finding snapshot(List<Weights> checkpoints, SnapshotClaim claim)
        throws TranscriptException {
      int step = claim.step();
      if (step > transcript.steps()) {
        return new Finding(false, "is after the last step " + transcript.steps());
      }
      int nearest = 0;
      for (int i = 0; i < checkpoints.size() && transcript.checkpointStep(i) <= step; i++) {
        nearest = i;
      }
      int base = transcript.checkpointStep(nearest);
      if (step != base && step - base >= allowedInterval()) {
        return new Finding(
            false,
            String.format(
                Locale.ROOT,
                "has no checkpoint within %d steps before it (nearest at step %d): checkpoints"
                    + " missing around the snapshot",
                allowedInterval(),
                base));
      }
      Weights start = checkpoints.get(nearest);
      Weights replayed = replay(start, base, step);
      if (Arrays.equals(replayed.chipHash(), claim.sha256())) {
        return new Finding(
            true,
            "matches bit-exactly (replayed " + (step - base) + " steps from step " + base + ")");
      }
      Optional<Weights> supplied = suppliedWeights(claim);
      if (supplied.isEmpty()) {
        return new Finding(false, "does not match the state replayed from step " + base);
      }
      double distance = normalisedDistance(start, supplied.get(), replayed);
      return distance <= policy.epsilon()
          ? new Finding(
              true,
              String.format(
                  Locale.ROOT,
                  "matches within eps (d=%.3e, replayed from step %d)",
                  distance,
                  base))
          : new Finding(
              false,
              String.format(
                  Locale.ROOT,
                  "is d=%.3e > eps from the state replayed from step %d",
                  distance,
                  base));
    }

    /** The prover-supplied snapshot weights, if present and hashing to the chip-logged value. */
    private Optional<Weights> suppliedWeights(SnapshotClaim claim) {
      try {
        byte[] bytes = Files.readAllBytes(transcript.dir().resolve(claim.weightsFileName()));
        if (bytes.length != 4L * transcript.spec().parameterCount()) {
          return Optional.empty();
        }
        Weights weights = Weights.fromCanonicalBytes(bytes);
        return Arrays.equals(weights.chipHash(), claim.sha256())
            ? Optional.of(weights)
            : Optional.empty();
      } catch (IOException e) {
        // Absent or unreadable: the prover did not supply usable weights, so only the hash can
        // match.
        return Optional.empty();
      }
    }

    private CheckResult compute() {
      double examples = (double) manifest.getHyperparameters().getBatchSize() * transcript.steps();
      double computed = transcript.spec().trainingFlopsPerExample() * examples;
      double declared = manifest.getDeclaredFlops();
      double gap = Math.abs(declared - computed) / computed;
      double h = policy.flopsThresholdH();
      String detail =
          String.format(
              Locale.ROOT,
              "transcript implies %.4e FLOPs (6 x %d params x %.0f examples), declared %.4e"
                  + " (gap %.2f%%); threshold H=%.3e: run is %s H",
              computed,
              transcript.spec().parameterCount(),
              examples,
              declared,
              100 * gap,
              h,
              computed >= h ? "at or above" : "below");
      if (gap > policy.flopsRelativeTolerance()) {
        return new CheckResult.Failed(CheckName.COMPUTE, detail + "; declaration out of tolerance");
      }
      if (declared < h && computed >= h) {
        return new CheckResult.Failed(CheckName.COMPUTE, detail + "; declared below H but is not");
      }
      return new CheckResult.Passed(CheckName.COMPUTE, detail);
    }
  }
}
