package org.chipledger.pol.transcript;

import static org.chipledger.pol.transcript.TranscriptError.*;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.ModelSpec;
import org.chipledger.pol.model.Weights;
import org.chipledger.proto.transcript.v1.Checkpoint;
import org.chipledger.proto.transcript.v1.DataCommitment;
import org.chipledger.proto.transcript.v1.DataShard;
import org.chipledger.proto.transcript.v1.EngineInfo;
import org.chipledger.proto.transcript.v1.Hyperparameters;
import org.chipledger.proto.transcript.v1.LossFunction;
import org.chipledger.proto.transcript.v1.Optimizer;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * A transcript directory that passed structural validation: the manifest parses and is consistent,
 * every file it names exists with the right size, and every checkpoint file matches its hash.
 * Whether the data matches its commitment is a verification check, not a load condition.
 */
public final class Transcript {
  /** The only manifest format version this code reads. */
  public static final int FORMAT_VERSION = 1;

  // Bounds that keep every size computation inside int and reject absurd inputs early (the
  // model's own bounds are ModelSchema's).

  /** Most float32 values all checkpoints together may hold (parameters x checkpoints): 1 GiB. */
  public static final long MAX_CHECKPOINT_VALUES = 1L << 28;

  /** Most examples in one batch. */
  public static final int MAX_BATCH_SIZE = 1 << 20;

  /** Most optimizer steps: bounds the data commitment's leaf hashes the Verifier holds. */
  public static final int MAX_STEPS = 1 << 20;

  /** Most bytes of one batch's canonical encoding: what one decoded batch may allocate. */
  public static final long MAX_BATCH_BYTES = 1L << 26;

  /** Most bytes of all data shards together: what the data commitment check reads. */
  public static final long MAX_DATA_BYTES = 1L << 34;

  // Hashing a checkpoint at load streams through this many bytes at a time.
  private static final int HASH_BUFFER = 1 << 20;

  private final Path dir;
  private final TranscriptManifest manifest;
  private final byte[] manifestHash;
  private final ModelSpec spec;

  private Transcript(Path dir, TranscriptManifest manifest, byte[] manifestHash, ModelSpec spec) {
    this.dir = dir;
    this.manifest = manifest;
    this.manifestHash = manifestHash;
    this.spec = spec;
  }

  /**
   * Loads and validates the transcript in {@code dir}.
   *
   * @throws TranscriptException with the first problem found
   */
  public static Transcript load(Path dir) throws TranscriptException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dir.resolve(TranscriptWriter.MANIFEST_FILE));
    } catch (NoSuchFileException e) {
      throw new TranscriptException(MANIFEST_MISSING, "no manifest.pb in " + dir, e);
    } catch (IOException e) {
      throw new TranscriptException(IO_FAILURE, "cannot read manifest.pb: " + e.getMessage(), e);
    }
    TranscriptManifest manifest;
    try {
      manifest = TranscriptManifest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new TranscriptException(MANIFEST_GARBLED, "manifest.pb: " + e.getMessage(), e);
    }
    if (!manifest.getUnknownFields().asMap().isEmpty()) {
      // Random bytes often parse as unknown fields; a manifest we wrote never has any.
      throw new TranscriptException(MANIFEST_GARBLED, "manifest.pb has unknown fields");
    }
    if (manifest.getFormatVersion() != FORMAT_VERSION) {
      throw new TranscriptException(
          UNSUPPORTED_FORMAT_VERSION,
          "format_version " + manifest.getFormatVersion() + ", expected " + FORMAT_VERSION);
    }
    ModelSpec spec = ModelSchema.fromProto(manifest.getModel());
    validateHyperparameters(manifest.getHyperparameters());
    validateEngine(manifest.getEngine());
    // Before any file besides the manifest is read: what the rest would cost is bounded here.
    validateFileNames(manifest);
    validateBounds(manifest, spec);
    if (!Double.isFinite(manifest.getDeclaredFlops()) || manifest.getDeclaredFlops() < 0) {
      throw new TranscriptException(
          INVALID_COMPUTE_DECLARATION, "declared_flops " + manifest.getDeclaredFlops());
    }
    Transcript transcript = new Transcript(dir, manifest, Sha256.of(bytes), spec);
    transcript.validateData();
    transcript.validateCheckpoints();
    return transcript;
  }

  private static void validateHyperparameters(Hyperparameters h) throws TranscriptException {
    String problem = null;
    if (h.getOptimizer() != Optimizer.OPTIMIZER_SGD) {
      problem = "unsupported optimizer " + h.getOptimizer();
    } else if (h.getLoss() != LossFunction.LOSS_FUNCTION_SOFTMAX_CROSS_ENTROPY_MEAN) {
      problem = "unsupported loss " + h.getLoss();
    } else if (!(h.getLearningRate() > 0) || !Float.isFinite(h.getLearningRate())) {
      problem = "learning_rate " + h.getLearningRate();
    } else if (h.getBatchSize() < 1 || h.getBatchSize() > MAX_BATCH_SIZE) {
      problem = "batch_size " + h.getBatchSize();
    } else if (h.getSteps() < 1) {
      problem = "steps " + h.getSteps();
    } else if (h.getCheckpointInterval() < 1 || h.getCheckpointInterval() > h.getSteps()) {
      problem =
          "checkpoint_interval " + h.getCheckpointInterval() + " for " + h.getSteps() + " steps";
    }
    if (problem != null) {
      throw new TranscriptException(INVALID_HYPERPARAMETERS, problem);
    }
  }

  /**
   * Refuses a transcript whose reading would exceed the Verifier's bounds; every size below is a
   * long, so no product wraps around (batch_size 2^30+16 once read as 16 examples).
   */
  private static void validateBounds(TranscriptManifest manifest, ModelSpec spec)
      throws TranscriptException {
    Hyperparameters h = manifest.getHyperparameters();
    long batchBytes = (long) h.getBatchSize() * spec.exampleBytes();
    long values = (long) spec.parameterCount() * manifest.getCheckpointsCount();
    String problem = null;
    if (h.getSteps() > MAX_STEPS) {
      problem = h.getSteps() + " steps; at most " + MAX_STEPS;
    } else if (batchBytes > MAX_BATCH_BYTES) {
      problem = "a batch of " + h.getBatchSize() + " examples is " + batchBytes + " bytes";
    } else if (batchBytes * h.getSteps() > MAX_DATA_BYTES) {
      problem = "data of " + batchBytes * h.getSteps() + " bytes; at most " + MAX_DATA_BYTES;
    } else if (values > MAX_CHECKPOINT_VALUES) {
      problem =
          spec.parameterCount()
              + " parameters x "
              + manifest.getCheckpointsCount()
              + " checkpoints = "
              + values
              + " values; at most "
              + MAX_CHECKPOINT_VALUES;
    }
    if (problem != null) {
      throw new TranscriptException(TRANSCRIPT_TOO_LARGE, problem);
    }
  }

  /** Every file the manifest names is named once: a file listed twice would be read twice. */
  private static void validateFileNames(TranscriptManifest manifest) throws TranscriptException {
    java.util.Set<String> seen = new java.util.HashSet<>();
    seen.add(TranscriptWriter.MANIFEST_FILE);
    List<String> names = new ArrayList<>();
    manifest.getData().getShardsList().forEach(s -> names.add(s.getFileName()));
    manifest.getCheckpointsList().forEach(c -> names.add(c.getFileName()));
    for (String name : names) {
      if (!seen.add(name)) {
        throw new TranscriptException(
            DUPLICATE_FILE_NAME, "'" + name + "' is named twice (or is the manifest)");
      }
    }
  }

  private static void validateEngine(EngineInfo engine) throws TranscriptException {
    if (engine.getName().isBlank() || engine.getVersion().isBlank()) {
      throw new TranscriptException(INVALID_ENGINE, "engine name and version are required");
    }
    if (engine.getIntraOpThreads() < 1 || engine.getIntraOpThreads() > 1024) {
      throw new TranscriptException(
          INVALID_ENGINE, "intra_op_threads " + engine.getIntraOpThreads());
    }
  }

  private void validateData() throws TranscriptException {
    DataCommitment data = manifest.getData();
    int steps = manifest.getHyperparameters().getSteps();
    if (data.getMerkleRoot().size() != Sha256.LENGTH) {
      throw new TranscriptException(DATA_SHARDS_INCONSISTENT, "merkle_root is not 32 bytes");
    }
    if (data.getBatchCount() != steps) {
      throw new TranscriptException(
          DATA_SHARDS_INCONSISTENT,
          "batch_count " + data.getBatchCount() + " but " + steps + " steps");
    }
    long next = 0;
    for (DataShard shard : data.getShardsList()) {
      if (shard.getFirstBatch() != next || shard.getBatchCount() < 1) {
        throw new TranscriptException(
            DATA_SHARDS_INCONSISTENT,
            "shard "
                + shard.getFileName()
                + " starts at batch "
                + shard.getFirstBatch()
                + " with "
                + shard.getBatchCount()
                + " batches, expected to start at "
                + next);
      }
      next += shard.getBatchCount();
      Path file = resolveSafely(shard.getFileName());
      long expected = (long) shard.getBatchCount() * batchBytes();
      long actual = sizeOf(file, DATA_SHARD_MISSING);
      if (actual != expected) {
        throw new TranscriptException(
            DATA_SHARD_SIZE_MISMATCH,
            shard.getFileName() + " has " + actual + " bytes, expected " + expected);
      }
    }
    if (next != data.getBatchCount()) {
      throw new TranscriptException(
          DATA_SHARDS_INCONSISTENT,
          "shards cover " + next + " of " + data.getBatchCount() + " batches");
    }
  }

  private void validateCheckpoints() throws TranscriptException {
    List<Checkpoint> checkpoints = manifest.getCheckpointsList();
    int steps = manifest.getHyperparameters().getSteps();
    if (checkpoints.isEmpty()
        || checkpoints.get(0).getStep() != 0
        || checkpoints.get(checkpoints.size() - 1).getStep() != steps) {
      throw new TranscriptException(
          CHECKPOINT_STEPS_INCONSISTENT,
          "checkpoints must start at step 0 and end at step " + steps);
    }
    for (int i = 1; i < checkpoints.size(); i++) {
      if (checkpoints.get(i).getStep() <= checkpoints.get(i - 1).getStep()) {
        throw new TranscriptException(
            CHECKPOINT_STEPS_INCONSISTENT,
            "checkpoint steps not strictly increasing at index "
                + i
                + ": "
                + checkpoints.get(i - 1).getStep()
                + " then "
                + checkpoints.get(i).getStep());
      }
    }
    for (Checkpoint entry : checkpoints) {
      verifyFile(entry);
    }
  }

  /** The checkpoint's file, once its size is one float32 per parameter. */
  private Path sizedCheckpointFile(Checkpoint entry) throws TranscriptException {
    Path file = resolveSafely(entry.getFileName());
    long size = sizeOf(file, CHECKPOINT_MISSING);
    long expected = 4L * spec.parameterCount();
    if (size != expected) {
      throw new TranscriptException(
          CHECKPOINT_SIZE_MISMATCH,
          entry.getFileName() + " has " + size + " bytes, expected " + expected);
    }
    return file;
  }

  /** Checks one checkpoint file's size and hash, streaming, so that load holds no weights. */
  private void verifyFile(Checkpoint entry) throws TranscriptException {
    Path file = sizedCheckpointFile(entry);
    java.security.MessageDigest digest = Sha256.newDigest();
    try (java.io.InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[HASH_BUFFER];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new TranscriptException(CHECKPOINT_MISSING, entry.getFileName() + " is missing", e);
    } catch (IOException e) {
      throw new TranscriptException(IO_FAILURE, entry.getFileName() + ": " + e.getMessage(), e);
    }
    if (!Arrays.equals(digest.digest(), entry.getSha256().toByteArray())) {
      throw new TranscriptException(
          CHECKPOINT_HASH_MISMATCH,
          entry.getFileName() + " does not match its SHA-256 in the manifest");
    }
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /** The validated manifest. */
  public TranscriptManifest manifest() {
    return manifest;
  }

  /** SHA-256 of manifest.pb as stored: what the ledger commits to. */
  public byte[] manifestHash() {
    return manifestHash.clone();
  }

  /** The model shape. */
  public ModelSpec spec() {
    return spec;
  }

  /** Optimizer steps of the run. */
  public int steps() {
    return manifest.getHyperparameters().getSteps();
  }

  /** Number of checkpoints. */
  public int checkpointCount() {
    return manifest.getCheckpointsCount();
  }

  /** Step of checkpoint {@code index}. */
  public int checkpointStep(int index) {
    return manifest.getCheckpoints(index).getStep();
  }

  /**
   * Reads checkpoint {@code index}, checking its size and hash again (the file is read anew, so a
   * change after load is caught too).
   */
  public Weights checkpoint(int index) throws TranscriptException {
    Checkpoint entry = manifest.getCheckpoints(index);
    Path file = sizedCheckpointFile(entry);
    byte[] bytes = readAll(file, CHECKPOINT_MISSING);
    if (!Arrays.equals(Sha256.of(bytes), entry.getSha256().toByteArray())) {
      throw new TranscriptException(
          CHECKPOINT_HASH_MISMATCH,
          entry.getFileName() + " does not match its SHA-256 in the manifest");
    }
    return Weights.fromCanonicalBytes(bytes);
  }

  /** Size in bytes of one batch's canonical encoding (at most {@link #MAX_BATCH_BYTES}). */
  public int batchBytes() {
    return Math.toIntExact((long) batchSize() * spec.exampleBytes());
  }

  /** Examples per batch. */
  public int batchSize() {
    return manifest.getHyperparameters().getBatchSize();
  }

  /** The batches used for steps {@code from} (inclusive) to {@code to} (exclusive), in order. */
  public List<Batch> batches(int from, int to) throws TranscriptException {
    List<Batch> out = new ArrayList<>(Math.max(0, to - from));
    for (byte[] bytes : batchBytes(from, to)) {
      Batch batch = Batch.fromCanonicalBytes(spec.inputSize(), bytes);
      if (batch.size() != batchSize()) {
        throw new TranscriptException(
            DATA_SHARD_SIZE_MISMATCH,
            "a batch decoded to " + batch.size() + " examples, batch_size is " + batchSize());
      }
      java.util.Optional<String> invalid = spec.invalidInput(batch);
      if (invalid.isPresent()) {
        throw new TranscriptException(DATA_OUT_OF_RANGE, invalid.get());
      }
      out.add(batch);
    }
    return out;
  }

  /** The canonical bytes of batches {@code from} (inclusive) to {@code to} (exclusive). */
  public List<byte[]> batchBytes(int from, int to) throws TranscriptException {
    if (from < 0 || to > steps() || from > to) {
      throw new IllegalArgumentException(
          "batch range " + from + ".." + to + " outside 0.." + steps());
    }
    List<byte[]> out = new ArrayList<>(to - from);
    int size = batchBytes();
    for (DataShard shard : manifest.getData().getShardsList()) {
      int first = Math.max(from, shard.getFirstBatch());
      int last = Math.min(to, shard.getFirstBatch() + shard.getBatchCount());
      if (first >= last) {
        continue;
      }
      Path file = resolveSafely(shard.getFileName());
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        for (int b = first; b < last; b++) {
          ByteBuffer buffer = ByteBuffer.allocate(size);
          long position = (long) (b - shard.getFirstBatch()) * size;
          while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
              throw new TranscriptException(
                  DATA_SHARD_SIZE_MISMATCH, shard.getFileName() + " ended before batch " + b);
            }
          }
          out.add(buffer.array());
        }
      } catch (NoSuchFileException e) {
        throw new TranscriptException(DATA_SHARD_MISSING, shard.getFileName() + " is missing", e);
      } catch (IOException e) {
        throw new TranscriptException(IO_FAILURE, shard.getFileName() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private Path resolveSafely(String name) throws TranscriptException {
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.contains("/")
        || name.contains("\\")
        || name.indexOf('\0') >= 0) {
      throw new TranscriptException(UNSAFE_FILE_NAME, "file name '" + name + "'");
    }
    return dir.resolve(name);
  }

  private static long sizeOf(Path file, TranscriptError missing) throws TranscriptException {
    return io(file, missing, Files::size);
  }

  private static byte[] readAll(Path file, TranscriptError missing) throws TranscriptException {
    return io(file, missing, Files::readAllBytes);
  }

  /** One file operation that may fail with an I/O error. */
  @FunctionalInterface
  private interface FileRead<T> {
    T apply(Path file) throws IOException;
  }

  /** {@code read} of {@code file}, a missing file reported as {@code missing}. */
  private static <T> T io(Path file, TranscriptError missing, FileRead<T> read)
      throws TranscriptException {
    try {
      return read.apply(file);
    } catch (NoSuchFileException e) {
      throw new TranscriptException(missing, file.getFileName() + " is missing", e);
    } catch (IOException e) {
      throw new TranscriptException(IO_FAILURE, file.getFileName() + ": " + e.getMessage(), e);
    }
  }
}
