package org.chipledger.chaincode.inspection;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A simulated rule-violating training run on a synthetic fleet, and the Verifier's sampling.
 *
 * <p>The run occupies {@code usedChips} of the fleet's {@code fleet} chips, chosen at random, for
 * {@code runDays} days. Each used chip takes weight snapshots as a Poisson process of rate {@code
 * snapshotsPerDay} while it works on the run, and keeps them after the run ends. At the end of each
 * monitoring period ({@code periodDays}, {@code 2*periodDays}, …, {@code rounds} times) the
 * Verifier samples {@code samplesPerRound} chips uniformly without replacement; the run is caught
 * if a sampled chip was used and holds a snapshot from it.
 */
record ViolatingRun(
    int fleet,
    int usedChips,
    double runDays,
    double snapshotsPerDay,
    double periodDays,
    int rounds,
    int samplesPerRound) {

  ViolatingRun {
    if (usedChips > fleet || samplesPerRound > fleet) {
      throw new IllegalArgumentException("more chips used or sampled than the fleet has");
    }
  }

  /** The fraction of {@code trials} seeded runs that were caught. */
  double detectionRate(long seed, int trials) {
    SplittableRandom random = new SplittableRandom(seed);
    int caught = 0;
    for (int i = 0; i < trials; i++) {
      caught += caught(random) ? 1 : 0;
    }
    return (double) caught / trials;
  }

  private boolean caught(SplittableRandom random) {
    // The used chips are a uniform random subset, revealed lazily: a chip first seen in a sample is
    // used with the conditional chance (unrevealed used chips)/(unrevealed chips), which is exact
    // and costs nothing for the chips no sample touches. Only a chip's first snapshot matters: it
    // holds one from the run once it has taken any. NaN marks a revealed chip the run did not use.
    Map<Integer, Double> revealed = new HashMap<>();
    int usedRevealed = 0;
    for (int round = 1; round <= rounds; round++) {
      double inspectedAt = round * periodDays;
      for (int chip : distinct(random, samplesPerRound)) {
        Double first = revealed.get(chip);
        if (first == null) {
          boolean used = random.nextInt(fleet - revealed.size()) < usedChips - usedRevealed;
          first = used ? -Math.log(1 - random.nextDouble()) / snapshotsPerDay : Double.NaN;
          usedRevealed += used ? 1 : 0;
          revealed.put(chip, first);
        }
        if (first < Math.min(runDays, inspectedAt)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code count} distinct chips of the fleet, uniformly (Floyd's algorithm). */
  private Set<Integer> distinct(SplittableRandom random, int count) {
    Set<Integer> chosen = new HashSet<>();
    for (int j = fleet - count; j < fleet; j++) {
      int pick = random.nextInt(j + 1);
      chosen.add(chosen.contains(pick) ? j : pick);
    }
    return chosen;
  }
}
