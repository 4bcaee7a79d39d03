package org.chipledger.firmware;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * When a chip snapshots: a Poisson process at {@code ratePerDay} snapshots per simulated day (paper
 * §4). The gaps are exponential with mean one day over the rate; dividing them by {@code
 * accelerate} turns simulated time into wall time. E.g. 0.1 per day is a mean gap of 10 days =
 * 864,000 s, which at 1000× is 864 s of wall time per chip (so a million such chips send about
 * 1,160 records/s).
 *
 * <p>A real chip's schedule comes from {@link SecretSchedule}, whose draws the host cannot compute.
 * The seeded constructor is for simulations and tests, whose whole run one party plays and which
 * must be reproducible; the firmware command offers no seed.
 */
public final class PoissonSchedule {
  private static final double NANOS_PER_DAY = 86_400e9;

  private final double ratePerDay;
  private final double accelerate;
  private final Draws draws;

  /** Uniform draws in [0, 1). */
  @FunctionalInterface
  interface Draws {
    double next();
  }

  /** A reproducible schedule from {@code seed}: for simulations and tests only. */
  public PoissonSchedule(double ratePerDay, double accelerate, long seed) {
    this(ratePerDay, accelerate, new SplittableRandom(seed)::nextDouble);
  }

  PoissonSchedule(double ratePerDay, double accelerate, Draws draws) {
    if (!(ratePerDay > 0) || Double.isInfinite(ratePerDay)) {
      throw new IllegalArgumentException("rate per day must be positive: " + ratePerDay);
    }
    if (!(accelerate >= 1) || Double.isInfinite(accelerate)) {
      throw new IllegalArgumentException("acceleration must be at least 1: " + accelerate);
    }
    this.ratePerDay = ratePerDay;
    this.accelerate = accelerate;
    this.draws = draws;
  }

  /** Draws the next gap, in simulated (chip) time. */
  public Duration nextSimulatedGap() {
    return nanos(nextDays() * NANOS_PER_DAY);
  }

  /** Draws the next gap, in wall time: the simulated gap divided by the acceleration. */
  public Duration nextGap() {
    return nanos(nextDays() * NANOS_PER_DAY / accelerate);
  }

  private synchronized double nextDays() {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    return -Math.log(1.0 - draws.next()) / ratePerDay;
  }

  public double ratePerDay() {
    return ratePerDay;
  }

  public double accelerate() {
    return accelerate;
  }

  /** The mean wall-time gap: one simulated day over the rate, divided by the acceleration. */
  public Duration meanGap() {
    return nanos(NANOS_PER_DAY / ratePerDay / accelerate);
  }

  private static Duration nanos(double nanos) {
    return nanos >= Long.MAX_VALUE
        ? Duration.ofNanos(Long.MAX_VALUE)
        : Duration.ofNanos((long) nanos);
  }
}
