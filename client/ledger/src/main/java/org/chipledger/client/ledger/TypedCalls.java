package org.chipledger.client.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;

/**
 * How the typed clients call a contract over a {@link Ledger}: a request message goes as one base64
 * argument, and the answer comes back as the base64 of the result message, as the Fabric gateway
 * carries a contract's string result.
 */
record TypedCalls(Ledger ledger) {
  /** Submits {@code request} to {@code function} and reads its committed result. */
  <T extends Message> T submit(String function, Message request, Parser<T> parser) {
    return decode(ledger.submit(function, List.of(encode(request))).payload(), parser, function);
  }

  /** Evaluates {@code function} with {@code args} and reads its result. */
  <T extends Message> T evaluate(String function, List<String> args, Parser<T> parser) {
    return decode(ledger.evaluate(function, args), parser, function);
  }

  /** A message as the one argument a contract takes. */
  static String encode(Message message) {
    return Base64.getEncoder().encodeToString(message.toByteArray());
  }

  private static <T extends Message> T decode(byte[] payload, Parser<T> parser, String function) {
    try {
      return parser.parseFrom(
          Base64.getDecoder().decode(new String(payload, StandardCharsets.US_ASCII).trim()));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new LedgerException(
          ErrorCode.INTERNAL, function + " returned an unreadable payload: " + e.getMessage(), e);
    }
  }
}
