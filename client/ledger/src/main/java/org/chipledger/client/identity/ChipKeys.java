package org.chipledger.client.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.chipledger.crypto.Sha256;

/**
 * Chip key pairs as a fab burns them in: ECDSA P-256. The public key goes on the ledger; the
 * private key goes to the chip (here, a PKCS#8 PEM file that the firmware emulator reads).
 */
public final class ChipKeys {
  private final KeyPairGenerator generator;

  public ChipKeys() {
    try {
      generator = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
      generator.initialize(new ECGenParameterSpec("secp256r1"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256 key generator", e);
    }
  }

  public KeyPair generate() {
    return generator.generateKeyPair();
  }

  /**
   * The key pair of chip {@code index} of a simulated fleet, derived from {@code seed}: a million
   * emulated chips need no key store, and a restarted simulation signs with the same keys.
   */
  public static KeyPair derive(long seed, long index) {
    ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
    BigInteger d = scalar(seed, index, curve);
    try {
      KeyFactory factory = KeyFactory.getInstance("EC", BouncyCastle.provider());
      return new KeyPair(
          factory.generatePublic(new ECPublicKeySpec(curve.getG().multiply(d).normalize(), curve)),
          factory.generatePrivate(new ECPrivateKeySpec(d, curve)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive a P-256 key: " + e.getMessage(), e);
    }
  }

  /** Only the private half of {@link #derive}: no point multiplication, so cheap per record. */
  public static PrivateKey derivePrivate(long seed, long index) {
    ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
    try {
      return KeyFactory.getInstance("EC", BouncyCastle.provider())
          .generatePrivate(new ECPrivateKeySpec(scalar(seed, index, curve), curve));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive a P-256 key: " + e.getMessage(), e);
    }
  }

  private static BigInteger scalar(long seed, long index, ECNamedCurveParameterSpec curve) {
    byte[] digest = Sha256.of(ByteBuffer.allocate(16).putLong(seed).putLong(index).array());
    return new BigInteger(1, digest).mod(curve.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
  }

  /**
   * Writes {@code <dir>/<serial>.pem}, readable by its owner only from the moment it exists; an
   * existing file of that name is never replaced (FileAlreadyExistsException).
   */
  public static void writePrivateKey(Path dir, String serial, KeyPair pair) throws IOException {
    Files.createDirectories(dir);
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    SecretFiles.writeNew(dir.resolve(serial + ".pem"), pem.getBytes(StandardCharsets.US_ASCII));
  }
}
