package org.chipledger.pol.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small GPT-style decoder-only language model: token and learned position embeddings, {@code
 * layers} pre-norm blocks of causal self-attention with {@code heads} heads and a ReLU feed-forward
 * layer, a final layer norm and an output projection over the vocabulary.
 *
 * <p>An example is a window of {@code contextLength + 1} tokens: the first {@code contextLength} as
 * the example's float32 features (token ids, exact below 2^24) and the last as its label, so the
 * example encoding of {@link Batch} and every data commitment stay what they are for the MLP. The
 * loss is next-token cross-entropy at every position. The parameter order is the manifest's ({@code
 * TransformerSpec} in manifest.proto).
 */
public record TransformerSpec(
    int vocabSize, int contextLength, int width, int heads, int layers, int feedForwardWidth)
    implements ModelSpec {

  /** The largest vocabulary, context and width accepted. */
  public static final int MAX_DIMENSION = 1 << 16;

  /** Validates the dimensions. */
  public TransformerSpec {
    boolean inRange =
        vocabSize >= 2
            && contextLength >= 1
            && width >= 1
            && heads >= 1
            && layers >= 1
            && feedForwardWidth >= 1
            && vocabSize <= MAX_DIMENSION
            && contextLength <= MAX_DIMENSION
            && width <= MAX_DIMENSION
            && feedForwardWidth <= MAX_DIMENSION
            && layers <= 1024;
    if (!inRange || width % heads != 0) {
      throw new IllegalArgumentException("invalid transformer dimensions");
    }
  }

  /**
   * The model the tests and the benchmark train: a 32-symbol vocabulary, 32-token context, width
   * 32, 4 heads, 2 blocks, feed-forward 64 (20,256 parameters).
   */
  public static TransformerSpec small() {
    return new TransformerSpec(TextCorpus.ALPHABET.length(), 32, 32, 4, 2, 64);
  }

  /** The parameter count as a long, for validating untrusted dimensions before any allocation. */
  public long parameterCountExact() {
    long d = width;
    long perBlock = 2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d;
    perBlock += (feedForwardWidth * d + feedForwardWidth) + (d * feedForwardWidth + d);
    return (long) vocabSize * d
        + contextLength * d
        + layers * perBlock
        + 2 * d
        + vocabSize * d
        + vocabSize;
  }

  @Override
  public int parameterCount() {
    return Math.toIntExact(parameterCountExact());
  }

  @Override
  public List<ParameterBlock> parameterBlocks() {
    List<ParameterBlock> blocks = new ArrayList<>();
    Cursor c = new Cursor(blocks);
    c.uniform("token_embedding", width, vocabSize, width);
    c.uniform("position_embedding", width, contextLength, width);
    for (int l = 0; l < layers; l++) {
      String p = "block" + l + ".";
      c.norm(p + "norm1");
      c.uniform(p + "attention.in.weight", width, 3 * width, width);
      c.uniform(p + "attention.in.bias", width, 3 * width);
      c.uniform(p + "attention.out.weight", width, width, width);
      c.uniform(p + "attention.out.bias", width, width);
      c.norm(p + "norm2");
      c.uniform(p + "feedforward.in.weight", width, feedForwardWidth, width);
      c.uniform(p + "feedforward.in.bias", width, feedForwardWidth);
      c.uniform(p + "feedforward.out.weight", feedForwardWidth, width, feedForwardWidth);
      c.uniform(p + "feedforward.out.bias", feedForwardWidth, width);
    }
    c.norm("final_norm");
    c.uniform("head.weight", width, vocabSize, width);
    c.uniform("head.bias", width, vocabSize);
    return List.copyOf(blocks);
  }

  /** Lays blocks out one after another. */
  private final class Cursor {
    private final List<ParameterBlock> blocks;
    private int offset;

    Cursor(List<ParameterBlock> blocks) {
      this.blocks = blocks;
    }

    void uniform(String name, int fanIn, Integer... shape) {
      add(ParameterBlock.uniform(name, offset, fanIn, shape));
    }

    void norm(String name) {
      add(ParameterBlock.constant(name + ".gain", offset, 1f, width));
      add(ParameterBlock.constant(name + ".bias", offset, 0f, width));
    }

    private void add(ParameterBlock block) {
      blocks.add(block);
      offset += block.size();
    }
  }

  @Override
  public int inputSize() {
    return contextLength;
  }

  @Override
  public int outputSize() {
    return vocabSize;
  }

  /**
   * Per example (a window of {@code contextLength} predicted tokens): 6 FLOPs per token for each
   * parameter used in a matrix product (all but the two embeddings, which are lookups), plus the
   * attention products QKᵀ and AV over the full T×T square, 4·T²·width forward per block and twice
   * that backward.
   */
  @Override
  public long trainingFlopsPerExample() {
    long t = contextLength;
    long multiplied = parameterCountExact() - (long) vocabSize * width - t * width;
    return 6 * multiplied * t + 12L * layers * t * t * width;
  }

  @Override
  public Optional<String> invalidInput(Batch batch) {
    for (float token : batch.features()) {
      if (!(token >= 0 && token < vocabSize) || token != Math.rint(token)) {
        return Optional.of("token " + token + " is not an id in 0.." + (vocabSize - 1));
      }
    }
    for (int label : batch.labels()) {
      if (label < 0 || label >= vocabSize) {
        return Optional.of("token " + label + " is not an id in 0.." + (vocabSize - 1));
      }
    }
    return Optional.empty();
  }

  @Override
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "GPT-style transformer: vocab %d, context %d, width %d, %d heads, %d blocks, feed-forward"
            + " %d (%,d parameters)",
        vocabSize,
        contextLength,
        width,
        heads,
        layers,
        feedForwardWidth,
        parameterCountExact());
  }
}
