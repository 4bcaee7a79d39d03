package org.chipledger.pol.model;

import java.util.List;

/**
 * The architecture of a model the reference trainer and the replay both run: the layout of its flat
 * parameter vector and what one example costs. Every example is encoded the same way (see {@link
 * Batch}): {@link #inputSize} float32 values and an int32 label.
 */
public sealed interface ModelSpec permits MlpSpec, TransformerSpec {

  /** The model's tensors in checkpoint order, contiguous from offset 0. */
  List<ParameterBlock> parameterBlocks();

  /** Total number of parameters. */
  int parameterCount();

  /** Float32 values per example. */
  int inputSize();

  /** Number of classes a label may take (the vocabulary for a language model). */
  int outputSize();

  /** Training FLOPs per example (forward and backward). */
  long trainingFlopsPerExample();

  /** Size in bytes of one example's canonical encoding: float32 features, then an int32 label. */
  default int exampleBytes() {
    return 4 * inputSize() + 4;
  }

  /**
   * Why {@code batch} is not valid input for this model (a label or a token id out of range), or
   * empty if it is.
   */
  java.util.Optional<String> invalidInput(Batch batch);

  /** A short human description, e.g. "32-16-4 MLP". */
  String describe();
}
