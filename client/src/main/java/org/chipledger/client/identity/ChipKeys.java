package org.chipledger.client.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

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

  /** Writes {@code <dir>/<serial>.pem}, readable by its owner only. */
  public static void writePrivateKey(Path dir, String serial, KeyPair pair) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(serial + ".pem");
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }
}
