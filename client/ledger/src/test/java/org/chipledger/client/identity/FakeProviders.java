package org.chipledger.client.identity;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureSpi;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.List;
import java.util.Map;

/** Cheating JCA providers for the self-test's attack tests: real keys, made-up verdicts. */
final class FakeProviders {
  private FakeProviders() {}

  /** A provider whose SHA256withECDSA answers {@code verdict} to every verification. */
  static Provider answering(boolean verdict) {
    return new Fixed(verdict);
  }

  private static final class Fixed extends Provider {
    private static final long serialVersionUID = 1L;

    Fixed(boolean verdict) {
      super("Fixed" + verdict, "1", "answers " + verdict + " to every signature");
      putService(
          new Service(this, "Signature", "SHA256withECDSA", "fixed", List.of(), Map.of()) {
            @Override
            public Object newInstance(Object parameter) {
              return new FixedVerdict(verdict);
            }
          });
      putService(
          new Service(this, "KeyFactory", "EC", "delegating", List.of(), Map.of()) {
            @Override
            public Object newInstance(Object parameter) {
              return new JdkKeys();
            }
          });
    }
  }

  private static final class FixedVerdict extends SignatureSpi {
    private final boolean verdict;

    FixedVerdict(boolean verdict) {
      this.verdict = verdict;
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) {}

    @Override
    protected void engineInitSign(PrivateKey privateKey) {}

    @Override
    protected void engineUpdate(byte b) {}

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {}

    @Override
    protected byte[] engineSign() {
      // r = 1, s = 1: a well-formed signature that nothing honest accepts.
      return new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) {
      return verdict;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {}

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
      return null;
    }
  }

  /** The JDK's EC keys, so that only the verdicts are fake. */
  private static final class JdkKeys extends KeyFactorySpi {
    private static KeyFactory jdk() throws InvalidKeySpecException {
      try {
        return KeyFactory.getInstance("EC", "SunEC");
      } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
        throw new InvalidKeySpecException(e);
      }
    }

    @Override
    protected PublicKey engineGeneratePublic(KeySpec keySpec) throws InvalidKeySpecException {
      return jdk().generatePublic(keySpec);
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec keySpec) throws InvalidKeySpecException {
      return jdk().generatePrivate(keySpec);
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> keySpec)
        throws InvalidKeySpecException {
      return jdk().getKeySpec(key, keySpec);
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
      try {
        return jdk().translateKey(key);
      } catch (InvalidKeySpecException e) {
        throw new InvalidKeyException(e);
      }
    }
  }
}
