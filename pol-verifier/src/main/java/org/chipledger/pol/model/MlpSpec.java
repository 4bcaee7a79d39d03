package org.chipledger.pol.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shape of a multilayer perceptron: ReLU between layers, none after the last one.
 *
 * <p>Parameters are laid out in model order: for each layer its weight matrix [out][in] row-major,
 * then its bias [out]. This is also the canonical order of checkpoint files.
 */
public record MlpSpec(List<Integer> layerSizes) implements ModelSpec {

  /** Validates the sizes: at least an input and an output layer, every width positive. */
  public MlpSpec {
    layerSizes = List.copyOf(layerSizes);
    if (layerSizes.size() < 2) {
      throw new IllegalArgumentException("an MLP needs at least an input and an output layer");
    }
    for (int size : layerSizes) {
      if (size <= 0) {
        throw new IllegalArgumentException("layer sizes must be positive, got " + layerSizes);
      }
    }
  }

  /** Convenience constructor from widths, input first. */
  public static MlpSpec of(int... sizes) {
    return new MlpSpec(java.util.Arrays.stream(sizes).boxed().toList());
  }

  /** Number of weight layers. */
  public int layerCount() {
    return layerSizes.size() - 1;
  }

  /** Per layer its weight [out][in] and its bias [out], both drawn from U(±1/√in). */
  @Override
  public List<ParameterBlock> parameterBlocks() {
    List<ParameterBlock> blocks = new ArrayList<>(2 * layerCount());
    for (int l = 0; l < layerCount(); l++) {
      blocks.add(
          ParameterBlock.uniform("layer" + l + ".weight", weightOffset(l), in(l), out(l), in(l)));
      blocks.add(ParameterBlock.uniform("layer" + l + ".bias", biasOffset(l), in(l), out(l)));
    }
    return List.copyOf(blocks);
  }

  @Override
  public Optional<String> invalidInput(Batch batch) {
    for (int label : batch.labels()) {
      if (label < 0 || label >= outputSize()) {
        return Optional.of("label " + label + " outside 0.." + (outputSize() - 1));
      }
    }
    return Optional.empty();
  }

  @Override
  public String describe() {
    return String.join("-", layerSizes.stream().map(String::valueOf).toList()) + " MLP";
  }

  /** Width of the input. */
  @Override
  public int inputSize() {
    return layerSizes.get(0);
  }

  /** Number of classes. */
  @Override
  public int outputSize() {
    return layerSizes.get(layerSizes.size() - 1);
  }

  /** Fan-in of weight layer {@code layer}. */
  public int in(int layer) {
    return layerSizes.get(layer);
  }

  /** Fan-out of weight layer {@code layer}. */
  public int out(int layer) {
    return layerSizes.get(layer + 1);
  }

  /** Offset of layer {@code layer}'s weight matrix in the flat parameter vector. */
  public int weightOffset(int layer) {
    int offset = 0;
    for (int l = 0; l < layer; l++) {
      offset += in(l) * out(l) + out(l);
    }
    return offset;
  }

  /** Offset of layer {@code layer}'s bias in the flat parameter vector. */
  public int biasOffset(int layer) {
    return weightOffset(layer) + in(layer) * out(layer);
  }

  /** Total number of parameters (weights and biases). */
  @Override
  public int parameterCount() {
    return weightOffset(layerCount());
  }

  /**
   * Training FLOPs per example by the usual 6·N rule: 2·N for the forward pass and 4·N for the
   * backward pass, with N the parameter count (a bias costs one add forward, as a weight costs one
   * multiply-add).
   */
  @Override
  public long trainingFlopsPerExample() {
    return 6L * parameterCount();
  }
}
