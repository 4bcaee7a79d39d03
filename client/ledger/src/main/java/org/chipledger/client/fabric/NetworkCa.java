package org.chipledger.client.fabric;

import java.nio.file.Path;
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
    return trust(identities, org.mspId(), org.caCert(), org.caKey());
  }

  /** As {@link #trust(IdentityStore, PeerOrg)}, for an organisation without a peer. */
  public static CertificateAuthority trust(IdentityStore identities, MemberOrg org) {
    return trust(identities, org.mspId(), org.caCert(), org.caKey());
  }

  /**
   * As {@link #trust(IdentityStore, PeerOrg)}, for any MSP of {@code config}, with or without a
   * peer.
   */
  public static CertificateAuthority trust(
      IdentityStore identities, GatewayConfig config, String mspId) {
    MemberOrg member = config.members().get(mspId);
    return member != null ? trust(identities, member) : trust(identities, config.org(mspId));
  }

  private static CertificateAuthority trust(
      IdentityStore identities, String mspId, Path caCert, Path caKey) {
    CertificateAuthority stored = identities.ca(mspId).orElse(null);
    if (stored == null) {
      return identities.importCa(mspId, caCert, caKey);
    }
    if (!stored.certificate().equals(CertificateAuthority.load(caCert, caKey).certificate())) {
      // cryptogen makes new CAs on every purge; old identities would be rejected by the MSP.
      throw new IllegalStateException(
          "the identities for "
              + mspId
              + " were issued by another network's CA; use a new identities directory");
    }
    return stored;
  }
}
