package org.chipledger.pol.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chipledger.pol.model.Weights;
import org.chipledger.pol.transcript.SnapshotClaim;

/**
 * A stand-in for the chips' firmware in tests and the CLI: at chosen steps it hashes the live
 * weights (the hash a chip would log on the ledger) and keeps the weights for the prover to supply
 * to the verifier.
 */
public final class SnapshotRecorder implements StepListener {
  private final Set<Integer> steps;
  private final Path weightsDir;
  private final List<SnapshotClaim> claims = new ArrayList<>();

  /**
   * Snapshots at {@code steps}; the weights go into {@code weightsDir} (normally the transcript
   * directory) under {@link SnapshotClaim#weightsFileName()}.
   */
  public SnapshotRecorder(Set<Integer> steps, Path weightsDir) {
    this.steps = new TreeSet<>(steps);
    this.weightsDir = weightsDir;
  }

  @Override
  public void onStep(int step, Weights weights) {
    if (!steps.contains(step)) {
      return;
    }
    SnapshotClaim claim = new SnapshotClaim(step, weights.chipHash());
    claims.add(claim);
    try {
      Files.createDirectories(weightsDir);
      Files.write(weightsDir.resolve(claim.weightsFileName()), weights.canonicalBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code count} distinct snapshot steps in [{@code from}, {@code to}] drawn from {@code seed},
   * standing in for the firmware's random snapshot times.
   */
  public static Set<Integer> randomSteps(long seed, int count, int from, int to) {
    if (count > to - from + 1) {
      throw new IllegalArgumentException(
          "cannot draw " + count + " steps from " + from + ".." + to);
    }
    java.util.Random random = new java.util.Random(seed);
    Set<Integer> steps = new TreeSet<>();
    while (steps.size() < count) {
      steps.add(from + random.nextInt(to - from + 1));
    }
    return steps;
  }

  /** The snapshots taken so far, in step order. */
  public List<SnapshotClaim> claims() {
    return List.copyOf(claims);
  }
}
