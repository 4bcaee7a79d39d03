package org.chipledger.pol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightsAndBatchTest {

  @Test
  void canonicalBytesAreLittleEndianFloat32() {
    assertThat(Weights.of(new float[] {1.0f}).canonicalBytes())
        .containsExactly(0x00, 0x00, 0x80, 0x3f);
  }

  @Test
  void weightsRoundTripThroughCanonicalBytes() {
    qt().withFixedSeed(1L)
        .forAll(longs().all(), integers().between(0, 300))
        .checkAssert(
            (seed, n) -> {
              Random random = new Random(seed);
              float[] values = new float[n];
              for (int i = 0; i < n; i++) {
                values[i] = Float.intBitsToFloat(random.nextInt());
              }
              Weights w = Weights.of(values);
              assertThat(Weights.fromCanonicalBytes(w.canonicalBytes()).canonicalBytes())
                  .isEqualTo(w.canonicalBytes());
            });
  }

  @Test
  void batchRoundTripsAndHashBindsEveryFeature() {
    MlpSpec spec = MlpSpec.of(8, 4, 3);
    Batch batch = SyntheticData.generate(spec, 5, 1, 3L).get(0);
    assertThat(Batch.fromCanonicalBytes(8, batch.canonicalBytes())).isEqualTo(batch);
    float[] features = batch.features();
    features[17] = Math.nextUp(features[17]);
    Batch oneUlpOff = Batch.of(8, features, batch.labels());
    assertThat(oneUlpOff.sha256()).isNotEqualTo(batch.sha256());
  }

  @Test
  void initialisationIsReproducibleAndBounded() {
    MlpSpec spec = MlpSpec.of(16, 8, 2);
    Weights a = Initializer.initialize(spec, 5);
    assertThat(Initializer.initialize(spec, 5)).isEqualTo(a);
    assertThat(Initializer.initialize(spec, 6)).isNotEqualTo(a);
    for (int i = 0; i < spec.biasOffset(0); i++) {
      assertThat(Math.abs(a.get(i))).isLessThanOrEqualTo(0.25f);
    }
  }

  @Test
  void specCountsParametersAndFlops() {
    MlpSpec spec = MlpSpec.of(32, 16, 4);
    assertThat(spec.parameterCount()).isEqualTo(32 * 16 + 16 + 16 * 4 + 4);
    assertThat(spec.trainingFlopsPerExample()).isEqualTo(6L * 596);
    assertThat(spec.biasOffset(1)).isEqualTo(32 * 16 + 16 + 16 * 4);
  }

  @Test
  void syntheticLabelsUseEveryClass() {
    List<Batch> batches = SyntheticData.generate(MlpSpec.of(32, 16, 4), 64, 4, 11L);
    assertThat(batches.stream().flatMapToInt(b -> java.util.Arrays.stream(b.labels())).distinct())
        .containsExactlyInAnyOrder(0, 1, 2, 3);
  }
}
