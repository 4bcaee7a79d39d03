package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoissonScheduleTest {
  private static final int SAMPLES = 100_000;

  @Test
  void gapsAreExponentialWithTheAcceleratedMean() {
    PoissonSchedule schedule = new PoissonSchedule(0.1, 1000, 7);
    // 0.1/day is a mean gap of 10 days = 864,000 s; at 1000x that is 864 s of wall time.
    assertThat(schedule.meanGap()).isEqualTo(Duration.ofSeconds(864));
    double sum = 0;
    double sumSquares = 0;
    int belowMean = 0;
    for (int i = 0; i < SAMPLES; i++) {
      double seconds = schedule.nextGap().toNanos() / 1e9;
      sum += seconds;
      sumSquares += seconds * seconds;
      belowMean += seconds < 864 ? 1 : 0;
    }
    double mean = sum / SAMPLES;
    double variance = sumSquares / SAMPLES - mean * mean;
    // The standard error of the mean is 864 / sqrt(100000) = 2.7 s; allow four of them.
    assertThat(mean).isBetween(864 - 11.0, 864 + 11.0);
    // An exponential's standard deviation equals its mean.
    assertThat(Math.sqrt(variance)).isBetween(864 * 0.97, 864 * 1.03);
    // P(gap < mean) = 1 - 1/e = 0.632; its standard error here is 0.0015.
    assertThat((double) belowMean / SAMPLES).isBetween(0.626, 0.638);
  }

  @Test
  void theSameSeedGivesTheSameGapsAndSimulatedGapsAreScaledUp() {
    PoissonSchedule a = new PoissonSchedule(24, 10, 1);
    PoissonSchedule b = new PoissonSchedule(24, 10, 1);
    PoissonSchedule c = new PoissonSchedule(24, 10, 2);
    Duration first = a.nextGap();
    assertThat(b.nextGap()).isEqualTo(first);
    assertThat(c.nextGap()).isNotEqualTo(first);
    PoissonSchedule simulated = new PoissonSchedule(24, 10, 1);
    assertThat(simulated.nextSimulatedGap().toNanos())
        .isCloseTo(first.toNanos() * 10, org.assertj.core.data.Offset.offset(10L));
  }

  @Test
  void nonsenseRatesAreRefused() {
    assertThatThrownBy(() -> new PoissonSchedule(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PoissonSchedule(Double.NaN, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PoissonSchedule(1, 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
