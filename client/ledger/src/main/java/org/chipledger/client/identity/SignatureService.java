package org.chipledger.client.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * P-256 SHA256withECDSA for the client's hot paths (embedded admission, agent ingest, firmware
 * signing) through the fastest provider that loads here and passes {@link SignatureSelfTest}, else
 * Bouncy Castle. The rules stay the provider-independent ones: strict DER decoded by Bouncy Castle
 * before any provider sees it, low S wherever Fabric demands it, and false (never an exception) for
 * any signature that is refused. {@code -Dchipledger.signatures=bc|conscrypt|accp} names the first
 * candidate to try.
 */
public final class SignatureService {
  private static final Logger LOG = LoggerFactory.getLogger(SignatureService.class);
  private static final Object LOCK = new Object();
  private static volatile SignatureService instance;

  private final EcdsaEngine engine;

  /** Bouncy Castle, for keys the chosen provider cannot hold (and the service if none loads). */
  private final EcdsaEngine fallback;

  private final List<String> skipped;

  private SignatureService(EcdsaEngine engine, EcdsaEngine fallback, List<String> skipped) {
    this.engine = engine;
    this.fallback = fallback;
    this.skipped = List.copyOf(skipped);
  }

  /** The process's service, chosen (and self-tested) on first use. */
  public static SignatureService get() {
    SignatureService chosen = instance;
    if (chosen == null) {
      synchronized (LOCK) {
        chosen = instance;
        if (chosen == null) {
          chosen =
              select(
                  preference(System.getProperty("chipledger.signatures")),
                  p -> {
                    try {
                      return p.load();
                    } catch (ReflectiveOperationException e) {
                      throw new IllegalStateException(
                          e.getCause() == null ? e.toString() : e.getCause().toString(), e);
                    }
                  });
          instance = chosen;
        }
      }
    }
    return chosen;
  }

  /** The candidates in order: every provider, the named one first. */
  static List<SignatureProvider> preference(String first) {
    List<SignatureProvider> order = new ArrayList<>(List.of(SignatureProvider.values()));
    if (first != null && !first.isBlank()) {
      SignatureProvider named = SignatureProvider.named(first);
      order.remove(named);
      order.add(0, named);
    }
    return order;
  }

  /**
   * The first candidate that loads and passes the self-test; Bouncy Castle when none does. {@code
   * loader} gives each candidate's provider or throws why it cannot load.
   */
  static SignatureService select(
      List<SignatureProvider> candidates, Function<SignatureProvider, Provider> loader) {
    EcdsaEngine bc;
    try {
      bc = new EcdsaEngine(SignatureProvider.BOUNCY_CASTLE, BouncyCastle.provider());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Bouncy Castle has no SHA256withECDSA", e);
    }
    List<String> skipped = new ArrayList<>();
    for (SignatureProvider candidate : candidates) {
      if (candidate == SignatureProvider.BOUNCY_CASTLE) {
        break;
      }
      try {
        EcdsaEngine engine = new EcdsaEngine(candidate, loader.apply(candidate));
        SignatureService service = new SignatureService(engine, bc, skipped);
        String failure = SignatureSelfTest.run(service);
        if (failure == null) {
          LOG.info(
              "signatures: {} {} passed the self-test",
              engine.provider().getName(),
              engine.provider().getVersionStr());
          return service;
        }
        skipped.add(candidate.shortName() + ": " + failure);
      } catch (RuntimeException | LinkageError | GeneralSecurityException e) {
        skipped.add(candidate.shortName() + ": " + e);
      }
    }
    SignatureService service = new SignatureService(bc, bc, skipped);
    String failure = SignatureSelfTest.run(service);
    if (failure != null) {
      throw new IllegalStateException("Bouncy Castle fails the signature self-test: " + failure);
    }
    if (skipped.isEmpty()) {
      LOG.info("signatures: Bouncy Castle, as asked");
    } else {
      LOG.warn("signatures: falling back to Bouncy Castle ({})", String.join("; ", skipped));
    }
    return service;
  }

  /** The provider in use. */
  public SignatureProvider provider() {
    return engine.which();
  }

  /** Why each faster candidate was passed over, in order; empty if the first one was taken. */
  public List<String> skipped() {
    return skipped;
  }

  /** A one-line description for logs and bench output. */
  public String describe() {
    return engine.provider().getName()
        + " "
        + engine.provider().getVersionStr()
        + " ("
        + engine.which().name().toLowerCase(Locale.ROOT)
        + ")";
  }

  /**
   * Fabric's rule: true only for a strict-DER, low-S SHA256withECDSA signature over {@code message}
   * by {@code key}.
   */
  public boolean verifyLowS(PublicKey key, byte[] message, byte[] derSignature) {
    if (key == null || message == null || derSignature == null) {
      return false;
    }
    try {
      BigInteger order = order(key);
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(order, derSignature);
      if (rs[1].compareTo(order.shiftRight(1)) > 0) {
        return false;
      }
      return verifyEncoded(key.getEncoded(), message, derSignature, key);
    } catch (IOException | RuntimeException e) {
      // Malformed DER or a non-EC key: a bad signature, not a crash.
      return false;
    }
  }

  /**
   * The chaincode's rule for chip records ({@code ChipKeyring}): true only for a strict-DER
   * SHA256withECDSA signature by the key in {@code spki}, either S.
   */
  public boolean verifyAnyS(byte[] spki, byte[] message, byte[] derSignature) {
    if (spki == null || message == null || derSignature == null) {
      return false;
    }
    EcdsaEngine.VerifyKey reference;
    try {
      // Bouncy Castle decides which keys exist, as it does in the chaincode.
      reference = fallback.publicKey(spki);
      StandardDSAEncoding.INSTANCE.decode(reference.order(), derSignature);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      return false;
    }
    return verifyEncoded(spki, message, derSignature, reference.key());
  }

  /**
   * The check after the rules: with the chosen provider's key, or Bouncy Castle's if it has none.
   */
  private boolean verifyEncoded(
      byte[] spki, byte[] message, byte[] derSignature, PublicKey original) {
    if (engine != fallback && spki != null) {
      try {
        return engine.verify(engine.publicKey(spki).key(), message, derSignature);
      } catch (GeneralSecurityException | RuntimeException e) {
        // A key the native provider cannot hold (another curve, say): Bouncy Castle decides.
      }
    }
    return fallback.verify(original, message, derSignature);
  }

  /** A DER SHA256withECDSA signature with low S, as Fabric requires. */
  public byte[] sign(PrivateKey key, byte[] message) {
    BigInteger order = order(key);
    byte[] raw;
    try {
      raw = signRaw(key, message);
      BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(order, raw);
      if (rs[1].compareTo(order.shiftRight(1)) <= 0) {
        return StandardDSAEncoding.INSTANCE.encode(order, rs[0], rs[1]);
      }
      return StandardDSAEncoding.INSTANCE.encode(order, rs[0], order.subtract(rs[1]));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("ECDSA signing failed: " + e.getMessage(), e);
    }
  }

  private byte[] signRaw(PrivateKey key, byte[] message) throws GeneralSecurityException {
    if (engine != fallback) {
      PrivateKey own;
      try {
        own = engine.privateKey(key);
      } catch (GeneralSecurityException | RuntimeException e) {
        own = null;
      }
      if (own != null) {
        return engine.sign(own, message);
      }
    }
    return fallback.sign(key, message);
  }

  /** The provider's own verdict, no rules before it: for the self-test only. */
  boolean verifyByProvider(byte[] spki, byte[] message, byte[] derSignature) {
    try {
      return engine.verify(engine.publicKey(spki).key(), message, derSignature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The provider's own signature, S as it comes: for the self-test only. */
  byte[] signByProvider(PrivateKey key, byte[] message) throws GeneralSecurityException {
    return engine.sign(engine.privateKey(key), message);
  }

  private static BigInteger order(Object key) {
    if (!(key instanceof ECKey ec)) {
      throw new IllegalArgumentException("not an EC key: " + key.getClass().getSimpleName());
    }
    return ec.getParams().getOrder();
  }
}
