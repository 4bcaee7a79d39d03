package org.chipledger.client.identity;

import java.lang.reflect.Method;
import java.security.Provider;

/**
 * The JCA providers the signature service may use for P-256 SHA256withECDSA, fastest first (see
 * docs/benchmarks.md). The native ones are loaded by name, so a missing jar or a native library
 * that does not load on this machine means the next candidate, never a failed start.
 */
public enum SignatureProvider {
  /** Amazon Corretto Crypto Provider (AWS-LC), the linux-x86_64 jar. */
  AMAZON_CORRETTO(1, "accp"),
  /** Conscrypt (BoringSSL), the openjdk-uber jar. */
  CONSCRYPT(2, "conscrypt"),
  /** Bouncy Castle: pure Java, always there, the fallback. */
  BOUNCY_CASTLE(3, "bc");

  private final int code;
  private final String shortName;

  SignatureProvider(int code, String shortName) {
    this.code = code;
    this.shortName = shortName;
  }

  /** A stable number for logs and metrics. */
  public int code() {
    return code;
  }

  /** The name {@code -Dchipledger.signatures=} accepts. */
  public String shortName() {
    return shortName;
  }

  /** The candidate named {@code name} (its short name), or IllegalArgumentException. */
  public static SignatureProvider named(String name) {
    for (SignatureProvider candidate : values()) {
      if (candidate.shortName.equalsIgnoreCase(name.trim())) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "unknown signature provider '" + name + "': accp, conscrypt or bc");
  }

  /**
   * A fresh handle on this provider; throws (any exception or error) when it cannot be used here.
   */
  Provider load() throws ReflectiveOperationException {
    return switch (this) {
      case AMAZON_CORRETTO -> loadCorretto();
      case CONSCRYPT -> loadConscrypt();
      case BOUNCY_CASTLE -> BouncyCastle.provider();
    };
  }

  private static Provider loadCorretto() throws ReflectiveOperationException {
    Class<?> type =
        Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
    Provider provider = (Provider) type.getField("INSTANCE").get(null);
    Object error = type.getMethod("getLoadingError").invoke(provider);
    if (error instanceof Throwable cause) {
      throw new IllegalStateException("its native library did not load: " + cause, cause);
    }
    // Throws when the library's own start-up self-tests failed.
    type.getMethod("assertHealthy").invoke(provider);
    return provider;
  }

  private static Provider loadConscrypt() throws ReflectiveOperationException {
    Class<?> type = Class.forName("org.conscrypt.Conscrypt");
    Method available = type.getMethod("isAvailable");
    if (!Boolean.TRUE.equals(available.invoke(null))) {
      // Throws the reason the native library did not load.
      type.getMethod("checkAvailability").invoke(null);
      throw new IllegalStateException("its native library did not load");
    }
    return (Provider) type.getMethod("newProvider").invoke(null);
  }
}
