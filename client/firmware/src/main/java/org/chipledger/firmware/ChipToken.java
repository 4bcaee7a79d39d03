package org.chipledger.firmware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.chipledger.client.identity.TokenKeys;

/**
 * A PKCS#11 token that holds chips' keys (issue 16 item 1): SoftHSM2 in the emulator, reached
 * through the JDK's SunPKCS11 provider. A chip's P-256 key and its sealing key are generated inside
 * the token as sensitive, non-extractable token objects; the firmware signs and seals through the
 * token, and only the public key ever comes out (for the fab to register).
 */
public final class ChipToken {
  /** SoftHSM2's module as Debian installs it. */
  public static final Path SOFTHSM2 = Path.of("/usr/lib/softhsm/libsofthsm2.so");

  private static final String SEAL_SUFFIX = "#seal";

  private final Provider provider;
  private final KeyStore store;

  private ChipToken(Provider provider, KeyStore store) {
    this.provider = provider;
    this.store = store;
  }

  /** Logs in to the token in slot list position {@code slotIndex} of {@code module}. */
  public static ChipToken open(Path module, int slotIndex, char[] pin) throws IOException {
    return open(module, "slotListIndex=" + slotIndex, pin);
  }

  /**
   * Logs in to the token in slot {@code slotId} of {@code module} (the id {@code softhsm2-util
   * --init-token} reassigns the token to) for {@link #generateInSession} only: the keys it makes
   * are session objects, as sensitive and non-extractable as token objects, gone when the process
   * ends.
   */
  public static ChipToken openForSessionKeys(Path module, long slotId, char[] pin)
      throws IOException {
    return open(module, "slot=" + slotId, pin, false);
  }

  private static ChipToken open(Path module, String slot, char[] pin) throws IOException {
    return open(module, slot, pin, true);
  }

  private static ChipToken open(Path module, String slot, char[] pin, boolean tokenObjects)
      throws IOException {
    if (!Files.isReadable(module)) {
      throw new IOException("no PKCS#11 module at " + module + " (apt-get install softhsm2)");
    }
    String config =
        "--name=chipledger-chip-token\n"
            + "library="
            + module
            + "\n"
            + slot
            + "\n"
            + objectAttributes("CKO_PRIVATE_KEY", tokenObjects)
            + objectAttributes("CKO_SECRET_KEY", tokenObjects)
            + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n  CKA_TOKEN = "
            + tokenObjects
            + "\n}\n";
    try {
      Provider provider = Security.getProvider("SunPKCS11").configure(config);
      KeyStore store = KeyStore.getInstance("PKCS11", provider);
      store.load(null, pin);
      return new ChipToken(provider, store);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("cannot log in to the PKCS#11 token: " + e.getMessage(), e);
    }
  }

  /** Every key the token makes stays in it: sensitive, never extractable. */
  private static String objectAttributes(String objectClass, boolean tokenObject) {
    return "attributes(generate, "
        + objectClass
        + ", *) = {\n  CKA_TOKEN = "
        + tokenObject
        + "\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n";
  }

  /** A chip whose keys a session of the token made: the public key to register, and its signer. */
  public record SessionChip(PublicKey publicKey, ChipSigner signer) {}

  /**
   * Makes a chip's signing and sealing keys inside the token, as the objects this token was opened
   * for (session objects with {@link #openForSessionKeys}). Unlike {@link #generate} it names
   * nothing in the key store, whose every call lists all of the token's objects: making hundreds of
   * chips costs hundreds of key generations, not a scan per chip.
   */
  public SessionChip generateInSession() throws IOException {
    try {
      KeyPairGenerator pairs = KeyPairGenerator.getInstance("EC", provider);
      pairs.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = pairs.generateKeyPair();
      KeyGenerator secrets = KeyGenerator.getInstance("HmacSHA256", provider);
      secrets.init(256);
      return new SessionChip(
          pair.getPublic(),
          new ChipSigner(new Handle(provider, pair.getPrivate(), secrets.generateKey())));
    } catch (GeneralSecurityException e) {
      throw new IOException("the token cannot make a chip key: " + e.getMessage(), e);
    }
  }

  /**
   * Makes chip {@code serial}'s signing and sealing keys inside the token and returns the public
   * key, the one thing the fab registers. Refuses a serial the token already holds.
   */
  public PublicKey generate(String serial) throws IOException {
    try {
      if (store.containsAlias(serial)) {
        throw new IOException("the token already holds a key for " + serial);
      }
      KeyPairGenerator pairs = KeyPairGenerator.getInstance("EC", provider);
      pairs.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = pairs.generateKeyPair();
      // A PKCS#11 key store lists a private key only with a certificate: a self-signed one.
      store.setKeyEntry(
          serial,
          pair.getPrivate(),
          null,
          new Certificate[] {TokenKeys.selfSigned(serial, pair, provider)});
      KeyGenerator secrets = KeyGenerator.getInstance("HmacSHA256", provider);
      secrets.init(256);
      store.setEntry(
          serial + SEAL_SUFFIX, new KeyStore.SecretKeyEntry(secrets.generateKey()), null);
      return publicKey(serial);
    } catch (GeneralSecurityException e) {
      throw new IOException("the token cannot make a key for " + serial + ": " + e.getMessage(), e);
    }
  }

  /** The chip's public key as the token holds it. */
  public PublicKey publicKey(String serial) throws IOException {
    try {
      Certificate certificate = store.getCertificate(serial);
      if (certificate == null) {
        throw new IOException("the token holds no key for " + serial);
      }
      return certificate.getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The chip's private key handle: usable through the token, never readable. */
  PrivateKey privateKey(String serial) throws IOException {
    try {
      if (!(store.getKey(serial, null) instanceof PrivateKey key)) {
        throw new IOException("the token holds no private key for " + serial);
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** A signer for chip {@code serial} whose signatures and sealing keys come from the token. */
  public ChipSigner signer(String serial) throws IOException {
    try {
      PrivateKey key = privateKey(serial);
      if (!(store.getKey(serial + SEAL_SUFFIX, null) instanceof SecretKey seal)) {
        throw new IOException("the token holds no sealing key for " + serial);
      }
      return new ChipSigner(new Handle(provider, key, seal));
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The token's provider, for tests that try to read a key out through it. */
  java.security.Provider provider() {
    return provider;
  }

  /** One chip's keys in the token: what {@link ChipSigner} signs and seals with. */
  static final class Handle {
    private final Provider provider;
    private final PrivateKey key;
    private final SecretKey seal;

    Handle(Provider provider, PrivateKey key, SecretKey seal) {
      this.provider = provider;
      this.key = key;
      this.seal = seal;
    }

    byte[] sign(byte[] message) {
      try {
        Signature signer = Signature.getInstance("SHA256withECDSA", provider);
        signer.initSign(key);
        signer.update(message);
        return signer.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the token did not sign: " + e.getMessage(), e);
      }
    }

    byte[] hmac(byte[] message) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256", provider);
        mac.init(seal);
        return mac.doFinal(message);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the token did not compute the HMAC: " + e.getMessage(), e);
      }
    }
  }
}
