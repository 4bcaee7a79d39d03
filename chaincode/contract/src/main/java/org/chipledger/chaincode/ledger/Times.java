package org.chipledger.chaincode.ledger;

import com.google.protobuf.Timestamp;

/** Arithmetic on protobuf timestamps, without pulling protobuf-java-util into the chaincode. */
public final class Times {
  private Times() {}

  public static int compare(Timestamp a, Timestamp b) {
    int bySeconds = Long.compare(a.getSeconds(), b.getSeconds());
    return bySeconds != 0 ? bySeconds : Integer.compare(a.getNanos(), b.getNanos());
  }

  public static Timestamp plusSeconds(Timestamp t, long seconds) {
    return t.toBuilder().setSeconds(Math.addExact(t.getSeconds(), seconds)).build();
  }
}
