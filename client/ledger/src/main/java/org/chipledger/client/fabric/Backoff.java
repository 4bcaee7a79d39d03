package org.chipledger.client.fabric;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bounded, jittered exponential backoff: attempt {@code n} waits a random time up to {@code
 * min(max, base * 2^(n-1))} ("full jitter"), so clients that conflicted once do not collide again
 * in lockstep.
 *
 * @param attempts how many tries in all, at least 1
 * @param base the cap of the first wait
 * @param max the cap of every wait
 */
public record Backoff(int attempts, Duration base, Duration max) {

  /** Five tries, waits capped at 100 ms, 200 ms, 400 ms, 800 ms. */
  public static final Backoff DEFAULT =
      new Backoff(5, Duration.ofMillis(100), Duration.ofSeconds(2));

  public Backoff {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 <= base <= max, got " + base + " and " + max);
    }
  }

  /** Whether a try that failed as attempt {@code attempt} (1-based) may be followed by another. */
  public boolean allowsRetryAfter(int attempt) {
    return attempt < attempts;
  }

  /** The cap of the wait after failed attempt {@code attempt} (1-based). */
  public Duration cap(int attempt) {
    Duration doubled = base.multipliedBy(1L << Math.min(attempt - 1, 30));
    return doubled.compareTo(max) > 0 ? max : doubled;
  }

  /** A random wait in {@code [0, cap(attempt)]}. */
  public Duration delay(int attempt) {
    long capNanos = cap(attempt).toNanos();
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(capNanos + 1));
  }

  /** Sleeps {@link #delay}; an interrupt ends the wait early and stays set on the thread. */
  void pause(int attempt) {
    try {
      Thread.sleep(delay(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
