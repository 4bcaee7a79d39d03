package org.chipledger.client.embedded;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ledger.KeyValue;

/** One key and value returned by a range query. */
// Holds bytes as the shim hands them over; copying every value would cost for nothing.
@SuppressWarnings("ArrayRecordComponent")
record StubEntry(String getKey, byte[] getValue) implements KeyValue {
  @Override
  public String getStringValue() {
    return new String(getValue, StandardCharsets.UTF_8);
  }
}
