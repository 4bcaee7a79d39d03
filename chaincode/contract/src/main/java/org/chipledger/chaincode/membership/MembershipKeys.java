package org.chipledger.chaincode.membership;

import org.chipledger.chaincode.ledger.CompositeKeys;

/** State keys of the membership records that ledger backends may read directly. */
public final class MembershipKeys {
  private MembershipKeys() {}

  /** Key of an {@code Organization} record, by org id. */
  public static String organization(String orgId) {
    return CompositeKeys.of("org", orgId);
  }

  /**
   * Key whose value is the UTF-8 PEM of the root CA trusted for an MSP. Written when the first
   * organisation of that MSP is registered; the embedded ledger reads it to admit signers.
   */
  public static String mspRootCa(String mspId) {
    return CompositeKeys.of("msp", mspId);
  }
}
