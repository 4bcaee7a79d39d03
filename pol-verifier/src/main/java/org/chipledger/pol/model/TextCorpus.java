package org.chipledger.pol.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded English-like text for the transformer to learn, made on the fly from a small grammar so
 * that no corpus ships in the repository and the same seed yields the same bytes on every JVM: the
 * model can learn the spelling of each word, the spaces between them, and which word classes follow
 * which.
 */
public final class TextCorpus {
  /** The 32 symbols of the text; a token id is a symbol's index. */
  public static final String ALPHABET = " abcdefghijklmnopqrstuvwxyz.,'?\n";

  private static final String[] DETERMINERS = {"the", "a", "every", "each", "no", "one"};
  private static final String[] ADJECTIVES = {
    "small", "sealed", "honest", "quiet", "foreign", "signed", "large", "idle", "new", "old"
  };
  private static final String[] NOUNS = {
    "chip",
    "ledger",
    "fab",
    "datacenter",
    "inspector",
    "treaty",
    "snapshot",
    "run",
    "model",
    "customs",
    "verifier",
    "party",
    "cluster",
    "batch",
    "key",
    "record"
  };
  private static final String[] VERBS = {
    "signs", "logs", "holds", "moves", "checks", "trains", "reports", "seals", "counts", "replays"
  };
  private static final String[] ADVERBS = {"today", "again", "slowly", "twice", "at night"};

  /** Characters of text generated per data seed; windows are drawn from it. */
  static final int LENGTH = 1 << 16;

  private TextCorpus() {}

  /**
   * {@code count} batches of {@code batchSize} windows of {@code spec.contextLength() + 1} tokens,
   * each at a random place in the text generated from {@code seed}.
   *
   * @throws IllegalArgumentException if the vocabulary is smaller than the alphabet
   */
  public static List<Batch> generate(TransformerSpec spec, int batchSize, int count, long seed) {
    if (spec.vocabSize() < ALPHABET.length() || spec.contextLength() + 1 >= LENGTH) {
      throw new IllegalArgumentException("the text needs a vocabulary of " + ALPHABET.length());
    }
    Random random = new Random(seed);
    int[] tokens = tokens(text(random, LENGTH));
    int context = spec.contextLength();
    List<Batch> batches = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      float[] features = new float[batchSize * context];
      int[] labels = new int[batchSize];
      for (int e = 0; e < batchSize; e++) {
        int start = random.nextInt(tokens.length - context);
        for (int t = 0; t < context; t++) {
          features[e * context + t] = tokens[start + t];
        }
        labels[e] = tokens[start + context];
      }
      batches.add(Batch.of(context, features, labels));
    }
    return batches;
  }

  /** {@code length} characters of sentences drawn from the grammar. */
  static String text(Random random, int length) {
    StringBuilder text = new StringBuilder(length + 128);
    while (text.length() < length) {
      sentence(random, text);
    }
    return text.substring(0, length);
  }

  private static void sentence(Random random, StringBuilder out) {
    boolean question = random.nextInt(5) == 0;
    nounPhrase(random, out, !question);
    out.append(' ').append(pick(random, VERBS)).append(' ');
    nounPhrase(random, out, false);
    if (random.nextInt(3) == 0) {
      out.append(random.nextBoolean() ? ", " : " ").append(pick(random, ADVERBS));
    }
    out.append(question ? '?' : '.').append(random.nextInt(4) == 0 ? '\n' : ' ');
  }

  private static void nounPhrase(Random random, StringBuilder out, boolean mayOwn) {
    out.append(pick(random, DETERMINERS)).append(' ');
    if (random.nextBoolean()) {
      out.append(pick(random, ADJECTIVES)).append(' ');
    }
    out.append(pick(random, NOUNS));
    if (mayOwn && random.nextInt(6) == 0) {
      out.append("'s ").append(pick(random, NOUNS));
    }
  }

  private static String pick(Random random, String[] words) {
    return words[random.nextInt(words.length)];
  }

  /** The token ids of {@code text}. */
  static int[] tokens(String text) {
    int[] ids = new int[text.length()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = ALPHABET.indexOf(text.charAt(i));
      if (ids[i] < 0) {
        throw new IllegalArgumentException("not in the alphabet: " + text.charAt(i));
      }
    }
    return ids;
  }
}
