package org.chipledger.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.chipledger.crypto.Sha256;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SHA-256 over weight buffers as the firmware and the Verifier hash them (the JDK's digest). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Sha256Benchmark {
  /** 1 MiB and 64 MiB. */
  @Param({"1048576", "67108864"})
  public int bytes;

  private byte[] weights;

  @Setup
  public void setUp() {
    weights = new byte[bytes];
    new Random(64).nextBytes(weights);
  }

  @Benchmark
  public byte[] digest() {
    return Sha256.of(weights);
  }
}
