package org.chipledger.pol.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineConfigurationTest {
  private static final String CPU = "amd64 flags-sha256:0123456789abcdef";

  @Test
  void aMultiThreadedRunWithoutMklsReproducibleKernelsRecordsNoConfiguration() {
    assertThat(EngineConfiguration.kernels(CPU, null, 2)).isEmpty();
    assertThat(EngineConfiguration.kernels(CPU, " ", 2)).isEmpty();
  }

  @Test
  void theModeIsPartOfTheConfigurationWhenSet() {
    assertThat(EngineConfiguration.kernels(CPU, "COMPATIBLE", 2))
        .isEqualTo("amd64 flags-sha256:0123456789abcdef mkl-cbwr:COMPATIBLE");
    assertThat(EngineConfiguration.kernels(CPU, "AVX2", 1))
        .isEqualTo("amd64 flags-sha256:0123456789abcdef mkl-cbwr:AVX2");
  }

  @Test
  void oneThreadWithoutTheModeKeepsTheCpuAndAnUnknownCpuStaysUnknown() {
    assertThat(EngineConfiguration.kernels(CPU, null, 1)).isEqualTo(CPU);
    assertThat(EngineConfiguration.kernels("", "COMPATIBLE", 1)).isEmpty();
  }
}
