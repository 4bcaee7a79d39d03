package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.chipledger.crypto.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightHasherTest {
  @TempDir Path dir;

  /** More than one hashing chunk, and not a multiple of it. */
  private static final float[] WEIGHTS = random(300_001);

  @Test
  void theHashIsSha256OverTheDocumentedHeaderAndLittleEndianValues() {
    float[] values = {1.0f, -0.0f, Float.NaN};
    ByteBuffer expected = ByteBuffer.allocate(16 + 12).order(ByteOrder.LITTLE_ENDIAN);
    expected.put(new byte[] {'C', 'L', 'W', 'T', 1, 1, 0, 0}).putLong(3);
    for (float v : values) {
      expected.putInt(Float.floatToRawIntBits(v));
    }
    assertThat(WeightHasher.hash(values))
        .isEqualTo(ByteString.copyFrom(Sha256.of(expected.array())));
  }

  @Test
  void aFileABufferRawBytesAndATrainerAllHashTheSameWeightsAlike() throws IOException {
    ByteBuffer raw = ByteBuffer.allocate(WEIGHTS.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(WEIGHTS);
    Path file = dir.resolve("weights.f32");
    Files.write(file, raw.array());

    ByteString fromArray = WeightHasher.hash(WEIGHTS);
    assertThat(WeightHasher.hash(WeightSource.file(file))).isEqualTo(fromArray);
    assertThat(WeightHasher.hash(new WeightSource.RawWeights(raw))).isEqualTo(fromArray);
    assertThat(WeightHasher.hash(WeightSource.supplied(WEIGHTS::clone))).isEqualTo(fromArray);
    FloatBuffer direct =
        ByteBuffer.allocateDirect(WEIGHTS.length * 4).order(ByteOrder.BIG_ENDIAN).asFloatBuffer();
    direct.put(WEIGHTS).flip();
    assertThat(WeightHasher.hash(new WeightSource.FloatWeights(direct)))
        .as("the buffer's own byte order does not matter")
        .isEqualTo(fromArray);
    assertThat(direct.position()).isZero();
  }

  @Test
  void anyChangedValueOrLengthChangesTheHash() {
    float[] changed = WEIGHTS.clone();
    changed[changed.length - 1] = Math.nextUp(changed[changed.length - 1]);
    assertThat(WeightHasher.hash(changed)).isNotEqualTo(WeightHasher.hash(WEIGHTS));
    assertThat(WeightHasher.hash(new float[0])).isNotEqualTo(WeightHasher.hash(new float[] {0f}));
  }

  @Test
  void aFileThatIsNotWholeFloatsIsRefused() throws IOException {
    Path file = dir.resolve("odd.f32");
    Files.write(file, new byte[7]);
    assertThatThrownBy(() -> WeightHasher.hashFile(file)).hasMessageContaining("float32");
  }

  private static float[] random(int n) {
    SplittableRandom random = new SplittableRandom(42);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
