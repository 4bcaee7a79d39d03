package org.chipledger.pol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoiseCalibrationTest {
  @TempDir Path tmp;

  @Test
  void reproductionNoiseIsFarBelowTheDefaultEpsilon() throws Exception {
    NoiseCalibration.Result result = NoiseCalibration.measure(List.of(2L), tmp);
    assertThat(result.rerunsIdentical()).isTrue();
    assertThat(result.sameThreadsMax()).isZero();
    assertThat(result.crossThreadsMax()).isLessThan(VerifierPolicy.DEFAULT_EPSILON / 100);
    assertThat(result.segments()).isEqualTo(2 * 2 * 40);
    assertThat(result.epsilon(100, 1e-6)).isLessThanOrEqualTo(VerifierPolicy.DEFAULT_EPSILON);
  }
}
