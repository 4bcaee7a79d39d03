package org.chipledger.client.identity;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * SHA256withECDSA through one JCA provider, with keys kept as that provider's own objects: a key of
 * another provider is converted on every call, which costs more than the signature itself.
 */
final class EcdsaEngine {
  private static final int KEY_CACHE = 200_000;

  /** A public key as this engine's provider holds it, with its group order. */
  record VerifyKey(PublicKey key, BigInteger order) {}

  private final SignatureProvider which;
  private final Provider provider;
  private final ThreadLocal<Signature> signatures;
  private final BoundedCache<ByteBuffer, VerifyKey> publicKeys = new BoundedCache<>(KEY_CACHE);
  private final BoundedCache<ByteBuffer, PrivateKey> privateKeys = new BoundedCache<>(KEY_CACHE);

  EcdsaEngine(SignatureProvider which, Provider provider) throws GeneralSecurityException {
    this.which = which;
    this.provider = provider;
    // Fails here, at selection, if the provider has no such algorithm.
    Signature.getInstance(EcdsaSignatures.ALGORITHM, provider);
    this.signatures =
        ThreadLocal.withInitial(
            () -> {
              try {
                return Signature.getInstance(EcdsaSignatures.ALGORITHM, provider);
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  SignatureProvider which() {
    return which;
  }

  Provider provider() {
    return provider;
  }

  /** The key in {@code spki} (X.509 SubjectPublicKeyInfo DER) as this provider's object. */
  VerifyKey publicKey(byte[] spki) throws GeneralSecurityException {
    ByteBuffer id = ByteBuffer.wrap(spki.clone());
    VerifyKey cached = publicKeys.get(id);
    if (cached != null) {
      return cached;
    }
    PublicKey key =
        KeyFactory.getInstance("EC", provider).generatePublic(new X509EncodedKeySpec(spki));
    if (!(key instanceof ECKey ec)) {
      throw new GeneralSecurityException("not an EC key");
    }
    VerifyKey parsed = new VerifyKey(key, ec.getParams().getOrder());
    publicKeys.put(id, parsed);
    return parsed;
  }

  /** {@code key} as this provider's object, converted once per distinct key. */
  PrivateKey privateKey(PrivateKey key) throws GeneralSecurityException {
    if (provider.getName().equals(providerOf(key))) {
      return key;
    }
    byte[] der = key.getEncoded();
    if (der == null) {
      throw new GeneralSecurityException("the key cannot be exported (a token key)");
    }
    ByteBuffer id = ByteBuffer.wrap(der);
    PrivateKey cached = privateKeys.get(id);
    if (cached != null) {
      return cached;
    }
    PrivateKey converted =
        KeyFactory.getInstance("EC", provider).generatePrivate(new PKCS8EncodedKeySpec(der));
    privateKeys.put(id, converted);
    return converted;
  }

  /**
   * The provider's own answer for a DER signature; false, never an exception, for anything it
   * refuses (some providers return false on malformed input where others throw).
   */
  boolean verify(PublicKey key, byte[] message, byte[] derSignature) {
    try {
      Signature verifier = signatures.get();
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(derSignature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The provider's DER signature, S as it comes. */
  byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
    Signature signer = signatures.get();
    signer.initSign(key);
    signer.update(message);
    return signer.sign();
  }

  /** Which provider made a key object, by the package its class lives in; "" if unknown. */
  private static String providerOf(PrivateKey key) {
    String type = key.getClass().getName();
    if (type.startsWith("com.amazon.corretto.crypto.provider.")) {
      return "AmazonCorrettoCryptoProvider";
    }
    if (type.startsWith("org.conscrypt.")) {
      return "Conscrypt";
    }
    if (type.startsWith("org.bouncycastle.")) {
      return "BC";
    }
    return "";
  }
}
