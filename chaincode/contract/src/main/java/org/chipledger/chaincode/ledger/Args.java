package org.chipledger.chaincode.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Base64;

/** Transaction arguments and results travel as base64 strings of protobuf bytes. */
public final class Args {
  private Args() {}

  /** Decodes one argument, rejecting anything that is not a well-formed message of that type. */
  public static <T extends Message> T decode(String base64, Parser<T> parser, String what) {
    if (base64 == null) {
      throw new RuleViolation(ErrorCode.MALFORMED_ARGUMENT, what + " is missing");
    }
    try {
      return parser.parseFrom(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      throw new RuleViolation(
          ErrorCode.MALFORMED_ARGUMENT,
          what + " is not a valid encoded message: " + e.getMessage());
    }
  }

  public static String encode(Message message) {
    return Base64.getEncoder().encodeToString(message.toByteArray());
  }
}
