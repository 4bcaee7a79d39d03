package org.chipledger.client.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * The one JSON form of ledger messages: what {@code --output json} prints and what the dashboard's
 * API answers, so both give the same text for the same question.
 */
public final class ProtoJson {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

  private ProtoJson() {}

  public static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "cannot render " + message.getDescriptorForType().getName(), e);
    }
  }
}
