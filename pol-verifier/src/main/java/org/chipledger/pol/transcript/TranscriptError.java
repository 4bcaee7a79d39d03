package org.chipledger.pol.transcript;

/**
 * Why a transcript directory was rejected on load. Codes are stable: reports and tools may key on
 * them.
 */
public enum TranscriptError {
  /** No manifest.pb in the directory. */
  MANIFEST_MISSING(101),
  /** manifest.pb is not a valid manifest message (truncated, garbled or with unknown fields). */
  MANIFEST_GARBLED(102),
  /** The manifest's format_version is not one this verifier reads. */
  UNSUPPORTED_FORMAT_VERSION(103),
  /** The model spec is missing or out of range. */
  INVALID_MODEL(104),
  /** A hyperparameter is missing or out of range. */
  INVALID_HYPERPARAMETERS(105),
  /** The engine description is missing or out of range. */
  INVALID_ENGINE(106),
  /** Checkpoint steps are not strictly increasing from 0 to the step count. */
  CHECKPOINT_STEPS_INCONSISTENT(107),
  /** A checkpoint file named in the manifest does not exist. */
  CHECKPOINT_MISSING(108),
  /** A checkpoint file does not hold exactly one float32 per parameter. */
  CHECKPOINT_SIZE_MISMATCH(109),
  /** A checkpoint file's SHA-256 differs from the manifest's. */
  CHECKPOINT_HASH_MISMATCH(110),
  /**
   * The data commitment's shards do not cover batches 0 .. steps−1 contiguously, or its root is
   * malformed.
   */
  DATA_SHARDS_INCONSISTENT(111),
  /** A data shard file named in the manifest does not exist. */
  DATA_SHARD_MISSING(112),
  /** A data shard file does not hold exactly its batches' canonical bytes. */
  DATA_SHARD_SIZE_MISMATCH(113),
  /** A file name in the manifest is empty or could escape the transcript directory. */
  UNSAFE_FILE_NAME(114),
  /** The declared FLOPs are negative or not finite. */
  INVALID_COMPUTE_DECLARATION(115),
  /** The file system failed while reading the transcript. */
  IO_FAILURE(116),
  /** Two entries of the manifest name the same file: one file must not be read twice. */
  DUPLICATE_FILE_NAME(117),
  /**
   * The transcript would make the Verifier read or hold more than its bounds (parameters x
   * checkpoints, steps, bytes per batch), refused before any file besides the manifest is read.
   */
  TRANSCRIPT_TOO_LARGE(118),
  /** A batch holds a label or a token id outside the model's classes or vocabulary. */
  DATA_OUT_OF_RANGE(119);

  private final int code;

  TranscriptError(int code) {
    this.code = code;
  }

  /** The stable numeric code. */
  public int code() {
    return code;
  }
}
