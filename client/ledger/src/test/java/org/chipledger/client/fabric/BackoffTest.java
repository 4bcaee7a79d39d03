package org.chipledger.client.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(5, Duration.ofMillis(100), Duration.ofMillis(500));

  @Test
  void capsDoubleUpToTheMaximum() {
    assertThat(backoff.cap(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.cap(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.cap(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.cap(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.cap(40)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void delaysAreJitteredWithinTheCap() {
    for (int i = 0; i < 1000; i++) {
      assertThat(backoff.delay(2)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }
  }

  @Test
  void retriesAreBoundedByTheNumberOfAttempts() {
    assertThat(backoff.allowsRetryAfter(4)).isTrue();
    assertThat(backoff.allowsRetryAfter(5)).isFalse();
    assertThat(new Backoff(1, Duration.ZERO, Duration.ZERO).allowsRetryAfter(1)).isFalse();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new Backoff(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
