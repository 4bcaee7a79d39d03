package org.chipledger.client.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.hyperledger.fabric.shim.ledger.KeyModification;

/** One committed version of a key, as {@code getHistoryForKey} returns it. */
// Holds bytes as the shim hands them over; copying every value would cost for nothing.
@SuppressWarnings("ArrayRecordComponent")
record StubModification(String getTxId, byte[] getValue, Instant getTimestamp, boolean isDeleted)
    implements KeyModification {
  @Override
  public String getStringValue() {
    return new String(getValue, StandardCharsets.UTF_8);
  }
}
