package org.chipledger.chaincode.inspection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chipledger.crypto.Sha256;

/**
 * The campaign draw as one pure function, so that the chaincode and anyone re-deriving a sample run
 * exactly the same code: {@code s} distinct chips, uniformly without replacement, from a population
 * sorted by serial, with randomness keyed by {@code SHA-256(DOMAIN || seed || ackTxId)}.
 *
 * <p>The random stream is SHA-256 in counter mode: block {@code i} is {@code SHA-256(key ||
 * uint64be(i))}, read as four unsigned 64-bit big-endian words. An index below {@code n} comes from
 * one word by rejection (words at or above the largest multiple of {@code n} are skipped), so no
 * index is favoured. The selection is a partial Fisher-Yates shuffle over the positions {@code
 * 0..n-1} that remembers only the positions it swapped, so it costs O(s) memory for any population.
 */
public final class SampleDraw {
  /** Separates this use of the seed from any other. */
  static final byte[] DOMAIN = "chipledger/campaign-draw/v1".getBytes(StandardCharsets.US_ASCII);

  /** Secret seeds are exactly this long. */
  public static final int SEED_BYTES = 32;

  private SampleDraw() {}

  /** The commitment an inspector publishes before the draw: SHA-256 of the seed. */
  public static byte[] commitment(byte[] seed) {
    return Sha256.of(seed);
  }

  /** SHA-256 over the serials in the given order, each followed by a line feed. */
  public static byte[] populationDigest(List<String> sortedSerials) {
    MessageDigest sha = Sha256.newDigest();
    for (String serial : sortedSerials) {
      sha.update(serial.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return sha.digest();
  }

  /** The population in the order the draw indexes it: serials sorted, duplicates refused. */
  public static List<String> sorted(List<String> serials) {
    List<String> sorted = new ArrayList<>(serials);
    sorted.sort(null);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        throw new IllegalArgumentException("serial " + sorted.get(i) + " appears twice");
      }
    }
    return sorted;
  }

  /** The sampled serials, in draw order, from a population already {@link #sorted}. */
  public static List<String> draw(
      byte[] seed, String ackTxId, List<String> sortedPopulation, int sampleSize) {
    List<String> sample = new ArrayList<>();
    for (int index : indices(seed, ackTxId, sortedPopulation.size(), sampleSize)) {
      sample.add(sortedPopulation.get(index));
    }
    return sample;
  }

  /**
   * {@code min(sampleSize, population)} distinct positions in {@code [0, population)}, in draw
   * order.
   */
  public static List<Integer> indices(byte[] seed, String ackTxId, int population, int sampleSize) {
    if (seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("the seed must be " + SEED_BYTES + " bytes");
    }
    if (population < 0 || sampleSize < 0) {
      throw new IllegalArgumentException("population and sample size must not be negative");
    }
    Stream stream = new Stream(key(seed, ackTxId));
    int take = Math.min(sampleSize, population);
    // displaced.get(p) is the position now at p after earlier swaps; absent means p itself.
    Map<Integer, Integer> displaced = new HashMap<>();
    List<Integer> picked = new ArrayList<>(take);
    for (int i = 0; i < take; i++) {
      int j = i + stream.below(population - i);
      int atJ = displaced.getOrDefault(j, j);
      int atI = displaced.getOrDefault(i, i);
      picked.add(atJ);
      displaced.put(j, atI);
      displaced.remove(i);
    }
    return picked;
  }

  static byte[] key(byte[] seed, String ackTxId) {
    return Sha256.of(DOMAIN, seed, ackTxId.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 in counter mode, as unsigned 64-bit words. */
  static final class Stream {
    private final byte[] key;
    private long block;
    private ByteBuffer words = ByteBuffer.allocate(0);

    Stream(byte[] key) {
      this.key = key.clone();
    }

    long nextWord() {
      if (!words.hasRemaining()) {
        words =
            ByteBuffer.wrap(
                Sha256.of(key, ByteBuffer.allocate(Long.BYTES).putLong(block++).array()));
      }
      return words.getLong();
    }

    /** Uniform in {@code [0, bound)}, for {@code bound >= 1}. */
    int below(int bound) {
      // 2^64 mod bound words at the top of the range would favour small indexes; skip them.
      long skip =
          Long.remainderUnsigned(-bound, bound); // (2^64 - bound) mod bound = 2^64 mod bound
      while (true) {
        long word = nextWord();
        if (Long.compareUnsigned(word, -skip) < 0 || skip == 0) {
          return (int) Long.remainderUnsigned(word, bound);
        }
      }
    }
  }
}
