package org.chipledger.pol.transcript;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.crypto.MerkleTree;
import org.chipledger.crypto.Sha256;
import org.chipledger.pol.model.Batch;
import org.chipledger.pol.model.Weights;
import org.chipledger.proto.transcript.v1.Checkpoint;
import org.chipledger.proto.transcript.v1.DataCommitment;
import org.chipledger.proto.transcript.v1.DataShard;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * Writes the files of a transcript directory; the manifest goes last, once everything it names
 * exists.
 */
public final class TranscriptWriter {
  /** File name of the manifest inside a transcript directory. */
  public static final String MANIFEST_FILE = "manifest.pb";

  private final Path dir;

  /** A writer into {@code dir}, which is created if absent. */
  public TranscriptWriter(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** The directory written to. */
  public Path dir() {
    return dir;
  }

  /** Writes the weights at {@code step} and returns the manifest entry. */
  public Checkpoint writeCheckpoint(int step, Weights weights) throws IOException {
    String name = String.format(java.util.Locale.ROOT, "ckpt-%08d.f32", step);
    byte[] bytes = weights.canonicalBytes();
    Files.write(dir.resolve(name), bytes);
    return Checkpoint.newBuilder()
        .setStep(step)
        .setFileName(name)
        .setSha256(ByteString.copyFrom(Sha256.of(bytes)))
        .build();
  }

  /**
   * Writes the batches, in order, into shards of at most {@code batchesPerShard} and returns the
   * commitment over them.
   */
  public DataCommitment writeData(List<Batch> batches, int batchesPerShard) throws IOException {
    if (batchesPerShard < 1) {
      throw new IllegalArgumentException("batchesPerShard must be at least 1");
    }
    DataCommitment.Builder commitment = DataCommitment.newBuilder().setBatchCount(batches.size());
    List<byte[]> leaves = new ArrayList<>(batches.size());
    for (int first = 0; first < batches.size(); first += batchesPerShard) {
      int count = Math.min(batchesPerShard, batches.size() - first);
      String name = String.format(java.util.Locale.ROOT, "data-%08d.bin", first);
      try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
        for (Batch batch : batches.subList(first, first + count)) {
          byte[] bytes = batch.canonicalBytes();
          out.write(bytes);
          leaves.add(Sha256.of(bytes));
        }
      }
      commitment.addShards(
          DataShard.newBuilder().setFileName(name).setFirstBatch(first).setBatchCount(count));
    }
    return commitment.setMerkleRoot(ByteString.copyFrom(MerkleTree.of(leaves).root())).build();
  }

  /** Writes manifest.pb and returns the manifest hash (SHA-256 of the bytes written). */
  public byte[] writeManifest(TranscriptManifest manifest) throws IOException {
    byte[] bytes = manifest.toByteArray();
    Files.write(dir.resolve(MANIFEST_FILE), bytes);
    return Sha256.of(bytes);
  }
}
