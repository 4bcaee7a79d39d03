package org.chipledger.pol.transcript;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.transcript.v1.TranscriptManifest;

/**
 * What a run's declaration commits to before training: the manifest without what only training
 * produces (the checkpoints, and the data shard files), and the initialisation seed. A transcript
 * written later matches the declaration if its plan hashes to the declared manifest hash.
 */
public final class RunPlan {
  private static final byte[] SEED_DOMAIN =
      "chipledger init seed v1".getBytes(StandardCharsets.UTF_8);

  private RunPlan() {}

  /** The plan of a transcript's manifest: no checkpoints, no shard files. */
  public static TranscriptManifest of(TranscriptManifest manifest) {
    return manifest.toBuilder()
        .clearCheckpoints()
        .setData(manifest.getData().toBuilder().clearShards())
        .build();
  }

  /** SHA-256 of the plan's bytes: the manifest hash a run declares before training. */
  public static byte[] hash(TranscriptManifest manifest) {
    return Sha256.of(of(manifest).toByteArray());
  }

  /** The commitment to the initialisation seed that a declaration carries. */
  public static byte[] seedCommitment(String runId, long initSeed) {
    byte[] id = runId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer bytes =
        ByteBuffer.allocate(SEED_DOMAIN.length + 1 + id.length + 1 + Long.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    bytes.put(SEED_DOMAIN).put((byte) 0).put(id).put((byte) 0).putLong(initSeed);
    return Sha256.of(bytes.array());
  }
}
