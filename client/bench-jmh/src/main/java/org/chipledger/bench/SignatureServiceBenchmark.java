package org.chipledger.bench;

import java.security.KeyPair;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.client.identity.EcdsaSignatures;
import org.chipledger.client.identity.SignatureService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The signature service as the hot paths call it (strict DER, low S, Bouncy Castle key objects in,
 * cached native keys inside), with the provider forced by {@code -Dchipledger.signatures}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureServiceBenchmark {
  @Param({"accp", "conscrypt", "bc"})
  public String provider;

  private final byte[] message = new byte[200];
  private KeyPair pair;
  private byte[] signature;

  @Setup
  public void setUp() {
    System.setProperty("chipledger.signatures", provider);
    SignatureService service = SignatureService.get();
    if (!service.provider().shortName().equals(provider)) {
      throw new IllegalStateException(provider + " is not in use: " + service.skipped());
    }
    pair = ChipKeys.derive(19, 7);
    new Random(200).nextBytes(message);
    signature = EcdsaSignatures.sign(pair.getPrivate(), message);
  }

  @Benchmark
  public byte[] sign() {
    return EcdsaSignatures.sign(pair.getPrivate(), message);
  }

  @Benchmark
  public boolean verify() {
    return EcdsaSignatures.verify(pair.getPublic(), message, signature);
  }
}
