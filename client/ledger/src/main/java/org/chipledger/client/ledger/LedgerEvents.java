package org.chipledger.client.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.proto.ledger.v1.LedgerEvent;

/** Reads the chaincode's event payloads back, on either backend. */
public final class LedgerEvents {
  private LedgerEvents() {}

  /**
   * The event a committed transaction set; an unreadable one is an {@code INTERNAL} error, since a
   * replay that skipped it would report a wrong history.
   *
   * @param origin where the payload was found, for the error message
   */
  public static LedgerEvent parse(byte[] payload, String origin) {
    try {
      return LedgerEvent.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(ErrorCode.INTERNAL, "unreadable event " + origin, e);
    }
  }
}
