package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.chipledger.crypto.Sha256;

/**
 * The weight hash of a snapshot: SHA-256 over the canonical serialisation of the weights.
 *
 * <p>Canonical serialisation, version 1: a 16-byte header — the ASCII bytes {@code "CLWT"}, the
 * version byte 1, the dtype byte 1 (float32), two zero bytes, and the element count as a
 * little-endian u64 — followed by every value as IEEE-754 float32 in little-endian byte order, bits
 * as stored (no NaN or -0.0 normalisation: the hash commits to the exact tensor). The header keeps
 * a tensor from colliding with a differently typed or truncated one.
 *
 * <p>Every form is hashed in fixed-size chunks, so a large file or buffer is never copied whole.
 */
public final class WeightHasher {
  static final int HEADER_LENGTH = 16;
  private static final byte VERSION = 1;
  private static final byte DTYPE_FLOAT32 = 1;
  private static final int CHUNK_BYTES = 1 << 20;

  private WeightHasher() {}

  /** The weight hash of whatever {@code source} holds now. */
  public static ByteString hash(WeightSource source) throws IOException {
    if (source instanceof WeightSource.WeightFile file) {
      return hashFile(file.path());
    }
    if (source instanceof WeightSource.FloatWeights floats) {
      return hash(floats.values());
    }
    if (source instanceof WeightSource.RawWeights raw) {
      return hashLittleEndian(raw.littleEndianFloat32());
    }
    return hash(FloatBuffer.wrap(((WeightSource.Supplied) source).supplier().get()));
  }

  /** Hashes a file of raw little-endian float32 values, streaming it. */
  public static ByteString hashFile(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long bytes = channel.size();
      if (bytes % Float.BYTES != 0) {
        throw new IOException(
            file + " is " + bytes + " bytes, not a whole number of float32 values");
      }
      MessageDigest sha = start(bytes / Float.BYTES);
      ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
      long at = 0;
      while (at < bytes) {
        chunk.clear();
        int n = channel.read(chunk, at);
        if (n < 0) {
          throw new IOException(file + " shrank while it was hashed");
        }
        at += n;
        sha.update(chunk.flip());
      }
      return ByteString.copyFrom(sha.digest());
    }
  }

  /** Hashes the remaining values of {@code values}; its position is left where it was. */
  public static ByteString hash(FloatBuffer values) {
    FloatBuffer in = values.duplicate();
    MessageDigest sha = start(in.remaining());
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer out = chunk.asFloatBuffer();
    while (in.hasRemaining()) {
      int n = Math.min(in.remaining(), out.capacity());
      out.clear();
      out.put(in.slice().limit(n));
      in.position(in.position() + n);
      sha.update(chunk.clear().limit(n * Float.BYTES));
    }
    return ByteString.copyFrom(sha.digest());
  }

  public static ByteString hash(float[] values) {
    return hash(FloatBuffer.wrap(values));
  }

  /** Hashes raw little-endian float32 bytes (the remaining ones) without copying them. */
  public static ByteString hashLittleEndian(ByteBuffer littleEndianFloat32) {
    ByteBuffer in = littleEndianFloat32.duplicate();
    if (in.remaining() % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          in.remaining() + " bytes are not a whole number of float32 values");
    }
    MessageDigest sha = start(in.remaining() / Float.BYTES);
    sha.update(in);
    return ByteString.copyFrom(sha.digest());
  }

  private static MessageDigest start(long count) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(
        ByteBuffer.allocate(HEADER_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put(new byte[] {'C', 'L', 'W', 'T', VERSION, DTYPE_FLOAT32, 0, 0})
            .putLong(count)
            .flip());
    return sha;
  }
}
