package org.chipledger.pol.verify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.chipledger.crypto.Sha256;

/**
 * Chooses the segments to replay: PoL's top-Q largest updates, which are public and deterministic
 * and so can be gamed (Fang's blindfold attack, paper-spec §8.2), plus random segments the prover
 * cannot predict.
 *
 * <p>The random part is drawn from SHA-256(domain ‖ manifest hash ‖ beacon). The beacon must be
 * fixed only after the manifest hash is on the ledger: either the Verifier commits to H(secret) on
 * the ledger before the prover commits the transcript and reveals the secret afterwards
 * (commit-reveal), or the beacon is the hash of a ledger block that postdates the transcript
 * commitment. Either way the prover, when it writes the transcript, cannot know which segments will
 * be replayed, so it must make all of them honest. Draws use SHA-256 in counter mode so any
 * implementation can reproduce the selection.
 */
public final class SegmentSelector {
  private static final byte[] DOMAIN =
      "chipledger/pol/segment-selection/v1\0".getBytes(StandardCharsets.UTF_8);

  private SegmentSelector() {}

  /** The selected segment indices, each list in selection order. */
  public record Selection(List<Integer> topQ, List<Integer> random) {
    /** Copies the lists. */
    public Selection {
      topQ = List.copyOf(topQ);
      random = List.copyOf(random);
    }

    /** All selected indices, top-Q first. */
    public List<Integer> all() {
      List<Integer> all = new ArrayList<>(topQ);
      all.addAll(random);
      return all;
    }
  }

  /** The selection seed for a transcript and a beacon. */
  public static byte[] seed(byte[] manifestHash, byte[] beacon) {
    return Sha256.of(DOMAIN, manifestHash, beacon);
  }

  /**
   * Selects up to {@code q} segments with the largest {@code updateNorms} (ties to the lower
   * index), then up to {@code r} distinct others uniformly from {@code seed}: the selection with
   * every segment one step long.
   */
  public static Selection select(double[] updateNorms, int q, int r, byte[] seed) {
    int[] steps = new int[updateNorms.length];
    java.util.Arrays.fill(steps, 1);
    return select(updateNorms, steps, q, r, seed);
  }

  /**
   * Selects up to {@code q} segments with the largest {@code updateNorms} (ties to the lower
   * index), then up to {@code r} distinct others from {@code seed}, each draw picking a remaining
   * segment with probability proportional to its {@code steps}: a fabricated step is as likely to
   * be drawn however the prover cuts the honest part, so one-step honest segments (dilution) buy
   * nothing.
   */
  public static Selection select(double[] updateNorms, int[] steps, int q, int r, byte[] seed) {
    if (steps.length != updateNorms.length) {
      throw new IllegalArgumentException("one step count per segment");
    }
    List<Integer> top =
        IntStream.range(0, updateNorms.length)
            .boxed()
            .sorted(
                Comparator.comparingDouble((Integer i) -> updateNorms[i])
                    .reversed()
                    .thenComparing(Comparator.naturalOrder()))
            .limit(q)
            .collect(Collectors.toList());
    List<Integer> remaining =
        IntStream.range(0, updateNorms.length)
            .filter(i -> !top.contains(i))
            .boxed()
            .collect(Collectors.toCollection(ArrayList::new));
    long total = remaining.stream().mapToLong(i -> Math.max(1, steps[i])).sum();
    List<Integer> random = new ArrayList<>();
    for (long counter = 0; random.size() < r && !remaining.isEmpty(); counter++) {
      byte[] draw = Sha256.of(seed, ByteBuffer.allocate(8).putLong(counter).array());
      long value = ByteBuffer.wrap(draw).getLong();
      // Modulo bias is below 2^-40 for any realistic step count.
      long target = Long.remainderUnsigned(value, total);
      int pick = 0;
      for (long passed = Math.max(1, steps[remaining.get(0)]);
          passed <= target;
          passed += Math.max(1, steps[remaining.get(pick)])) {
        pick++;
      }
      int chosen = remaining.remove(pick);
      total -= Math.max(1, steps[chosen]);
      random.add(chosen);
    }
    return new Selection(top, random);
  }
}
