package org.chipledger.client.fabric;

import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.IdentityStore;

/** Brings a network org's CA into an identity store, so identities issued there are trusted. */
public final class NetworkCa {
  private NetworkCa() {}

  /**
   * The org's CA in {@code identities}: imported from the network if the store has none for the
   * MSP, or the stored one if it is the network's.
   *
   * @throws IllegalStateException if the store holds another CA for the MSP
   */
  public static CertificateAuthority trust(IdentityStore identities, PeerOrg org) {
    CertificateAuthority stored = identities.ca(org.mspId()).orElse(null);
    if (stored == null) {
      return identities.importCa(org.mspId(), org.caCert(), org.caKey());
    }
    if (!stored
        .certificate()
        .equals(CertificateAuthority.load(org.caCert(), org.caKey()).certificate())) {
      // cryptogen makes new CAs on every purge; old identities would be rejected by the MSP.
      throw new IllegalStateException(
          "the identities for "
              + org.mspId()
              + " were issued by another network's CA; use a new identities directory");
    }
    return stored;
  }
}
