package org.chipledger.firmware;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Objects;

/**
 * The ledger trust anchor installed in a chip's firmware at provisioning (the embedded node's key
 * or a Fabric channel's consenters), whose signatures over a block are the chip's proof that the
 * ledger committed it, and how long the chip trains on with records the ledger has not yet been
 * shown to hold before it pauses the training step hook.
 */
public record LedgerTrust(LedgerAnchor anchor, Duration grace) {
  public LedgerTrust {
    Objects.requireNonNull(anchor, "the ledger anchor");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the grace window must not be negative: " + grace);
    }
  }

  /**
   * The anchor for an embedded node key in X.509 SubjectPublicKeyInfo DER (the genesis header's
   * node_key).
   */
  public static LedgerTrust of(byte[] nodeKeyDer, Duration grace) {
    try {
      return new LedgerTrust(
          new LedgerAnchor.NodeKey(
              KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(nodeKeyDer))),
          grace);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a P-256 public key: " + e.getMessage(), e);
    }
  }
}
