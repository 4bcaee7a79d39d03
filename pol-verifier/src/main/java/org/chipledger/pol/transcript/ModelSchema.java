package org.chipledger.pol.transcript;

import static org.chipledger.pol.transcript.TranscriptError.INVALID_MODEL;

import java.util.List;
import org.chipledger.pol.model.MlpSpec;
import org.chipledger.pol.model.ModelSpec;
import org.chipledger.pol.model.TransformerSpec;

/** The manifest's {@code ModelSpec} message and the model it names, both ways. */
public final class ModelSchema {
  /** The widest MLP layer a manifest may name. */
  private static final int MAX_LAYER_WIDTH = 1 << 16;

  /** The most parameters a manifest may name, before anything is allocated for them. */
  static final long MAX_PARAMETERS = 1L << 26;

  private ModelSchema() {}

  /** The manifest message for {@code spec}. */
  public static org.chipledger.proto.transcript.v1.ModelSpec toProto(ModelSpec spec) {
    var builder = org.chipledger.proto.transcript.v1.ModelSpec.newBuilder();
    if (spec instanceof TransformerSpec t) {
      builder.setTransformer(
          org.chipledger.proto.transcript.v1.TransformerSpec.newBuilder()
              .setVocabSize(t.vocabSize())
              .setContextLength(t.contextLength())
              .setWidth(t.width())
              .setHeads(t.heads())
              .setLayers(t.layers())
              .setFeedforwardWidth(t.feedForwardWidth()));
    } else {
      builder.addAllLayerSizes(((MlpSpec) spec).layerSizes());
    }
    return builder.build();
  }

  /**
   * The model a manifest names, its size checked before anything is allocated for it.
   *
   * @throws TranscriptException {@code INVALID_MODEL} if it names no model, both kinds, or
   *     dimensions out of range
   */
  public static ModelSpec fromProto(org.chipledger.proto.transcript.v1.ModelSpec model)
      throws TranscriptException {
    if (model.hasTransformer() && model.getLayerSizesCount() > 0) {
      throw new TranscriptException(INVALID_MODEL, "the model is both an MLP and a transformer");
    }
    ModelSpec spec = model.hasTransformer() ? transformer(model) : mlp(model.getLayerSizesList());
    if (spec instanceof TransformerSpec t && t.parameterCountExact() > MAX_PARAMETERS) {
      throw new TranscriptException(INVALID_MODEL, t.parameterCountExact() + " parameters");
    }
    return spec;
  }

  private static TransformerSpec transformer(org.chipledger.proto.transcript.v1.ModelSpec model)
      throws TranscriptException {
    var t = model.getTransformer();
    int[] dims = {
      t.getVocabSize(),
      t.getContextLength(),
      t.getWidth(),
      t.getHeads(),
      t.getLayers(),
      t.getFeedforwardWidth()
    };
    for (int dim : dims) {
      // uint32 values above 2^31 read as negative ints: refused here like any other out-of-range.
      if (dim < 1 || dim > TransformerSpec.MAX_DIMENSION) {
        throw new TranscriptException(INVALID_MODEL, "transformer dimension out of range: " + t);
      }
    }
    try {
      return new TransformerSpec(dims[0], dims[1], dims[2], dims[3], dims[4], dims[5]);
    } catch (IllegalArgumentException e) {
      throw new TranscriptException(INVALID_MODEL, e.getMessage() + ": " + t);
    }
  }

  private static MlpSpec mlp(List<Integer> sizes) throws TranscriptException {
    if (sizes.size() < 2) {
      throw new TranscriptException(INVALID_MODEL, "need at least 2 layer sizes, got " + sizes);
    }
    long parameters = 0;
    for (int i = 0; i < sizes.size(); i++) {
      int size = sizes.get(i);
      if (size < 1 || size > MAX_LAYER_WIDTH) {
        throw new TranscriptException(INVALID_MODEL, "layer width out of range: " + sizes);
      }
      if (i > 0) {
        parameters += (long) sizes.get(i - 1) * size + size;
      }
    }
    if (parameters > MAX_PARAMETERS) {
      throw new TranscriptException(INVALID_MODEL, parameters + " parameters is too many");
    }
    return new MlpSpec(sizes);
  }
}
