package org.chipledger.client.embedded;

import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ledger.KeyValue;

/** One key and value returned by a range query. */
record StubEntry(String getKey, byte[] getValue) implements KeyValue {
  @Override
  public String getStringValue() {
    return new String(getValue, StandardCharsets.UTF_8);
  }
}
