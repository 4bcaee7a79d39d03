package org.chipledger.app.inspection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.chipledger.client.identity.SecretFiles;
import org.chipledger.crypto.Sha256;

/**
 * A campaign seed escrowed to the secretariat (issue 17 item 11): ECIES on P-256. An ephemeral key
 * agrees a secret with the secretariat's escrow key; its SHA-256 keys AES-256-GCM over the seed.
 * The ledger keeps the ciphertext and checks whatever the secretariat later reveals against the
 * seed's commitment, so a wrong escrow can only fail the secretariat's reveal, never change a draw.
 *
 * <p>Layout: 2-byte length of the ephemeral key's DER, that DER, a 12-byte nonce, the GCM output.
 */
public final class SeedEscrow {
  private static final byte[] DOMAIN =
      "chipledger/campaign-seed-escrow/v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;

  private SeedEscrow() {}

  /** A fresh P-256 escrow key pair. */
  public static KeyPair generate() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  /** The seed encrypted to the escrow key given as DER SubjectPublicKeyInfo. */
  public static byte[] seal(byte[] escrowKeyDer, byte[] seed) throws GeneralSecurityException {
    PublicKey escrowKey =
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(escrowKeyDer));
    KeyPair ephemeral = generate();
    byte[] ephemeralDer = ephemeral.getPublic().getEncoded();
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    Cipher cipher = cipher(Cipher.ENCRYPT_MODE, ephemeral.getPrivate(), escrowKey, nonce);
    cipher.updateAAD(ephemeralDer);
    byte[] sealed = cipher.doFinal(seed);
    return ByteBuffer.allocate(2 + ephemeralDer.length + NONCE_BYTES + sealed.length)
        .putShort((short) ephemeralDer.length)
        .put(ephemeralDer)
        .put(nonce)
        .put(sealed)
        .array();
  }

  /** The seed inside an escrow, opened with the secretariat's private key. */
  public static byte[] open(PrivateKey escrowKey, byte[] escrow) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(escrow);
    int derLength = in.remaining() >= 2 ? Short.toUnsignedInt(in.getShort()) : -1;
    if (derLength < 0 || in.remaining() < derLength + NONCE_BYTES + 16) {
      throw new GeneralSecurityException("the escrow is truncated");
    }
    byte[] ephemeralDer = new byte[derLength];
    in.get(ephemeralDer);
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    byte[] sealed = Arrays.copyOfRange(escrow, in.position(), escrow.length);
    PublicKey ephemeral =
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(ephemeralDer));
    Cipher cipher = cipher(Cipher.DECRYPT_MODE, escrowKey, ephemeral, nonce);
    cipher.updateAAD(ephemeralDer);
    return cipher.doFinal(sealed);
  }

  private static Cipher cipher(int mode, PrivateKey own, PublicKey other, byte[] nonce)
      throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(own);
    agreement.doPhase(other, true);
    byte[] key = Sha256.of(DOMAIN, agreement.generateSecret());
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    return cipher;
  }

  /** Writes a new key pair: the private key (PKCS#8, owner-only) and the public key (DER). */
  public static void writeNew(Path privateFile, Path publicFile) throws IOException {
    KeyPair pair;
    try {
      pair = generate();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot generate an escrow key: " + e.getMessage(), e);
    }
    Path parent = privateFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    SecretFiles.writeNew(privateFile, pair.getPrivate().getEncoded());
    Files.write(publicFile, pair.getPublic().getEncoded());
  }

  /** Reads a private key written by {@link #writeNew}. */
  public static PrivateKey readPrivate(Path file) throws IOException {
    try {
      return KeyFactory.getInstance("EC")
          .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " is not a PKCS#8 EC private key: " + e.getMessage(), e);
    }
  }
}
