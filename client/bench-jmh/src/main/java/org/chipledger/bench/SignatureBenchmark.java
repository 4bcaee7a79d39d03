package org.chipledger.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P-256 SHA256withECDSA over 200 bytes per JCA provider, each with its own key objects: the raw
 * figures behind the signature service's order of preference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBenchmark {
  @Param({"SunEC", "BC", "ACCP", "Conscrypt"})
  public String provider;

  private final byte[] message = new byte[200];
  private KeyPair pair;
  private Signature signer;
  private Signature verifier;
  private byte[] signature;

  @Setup
  public void setUp() throws Exception {
    Provider chosen = provider(provider);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", chosen);
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    pair = generator.generateKeyPair();
    new Random(200).nextBytes(message);
    signer = Signature.getInstance("SHA256withECDSA", chosen);
    signer.initSign(pair.getPrivate());
    verifier = Signature.getInstance("SHA256withECDSA", chosen);
    signer.update(message);
    signature = signer.sign();
  }

  @Benchmark
  public byte[] sign() throws Exception {
    signer.update(message);
    return signer.sign();
  }

  @Benchmark
  public boolean verify() throws Exception {
    verifier.initVerify(pair.getPublic());
    verifier.update(message);
    return verifier.verify(signature);
  }

  static Provider provider(String name) throws ReflectiveOperationException {
    return switch (name) {
      case "SunEC" -> Security.getProvider("SunEC");
      case "BC" -> new BouncyCastleProvider();
      case "ACCP" ->
          (Provider)
              Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider")
                  .getField("INSTANCE")
                  .get(null);
      case "Conscrypt" ->
          (Provider) Class.forName("org.conscrypt.Conscrypt").getMethod("newProvider").invoke(null);
      default -> throw new IllegalArgumentException("unknown provider " + name);
    };
  }
}
