package org.chipledger.client.identity;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one Bouncy Castle provider instance: registered once, and passed explicitly to JCA calls. */
final class BouncyCastle {
  private static final Provider PROVIDER = register();

  private BouncyCastle() {}

  static Provider provider() {
    return PROVIDER;
  }

  private static Provider register() {
    // The Fabric shim registers BC too; reuse whichever instance got there first.
    Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    if (existing != null) {
      return existing;
    }
    Provider provider = new BouncyCastleProvider();
    return Security.addProvider(provider) == -1
        ? Security.getProvider(BouncyCastleProvider.PROVIDER_NAME)
        : provider;
  }
}
