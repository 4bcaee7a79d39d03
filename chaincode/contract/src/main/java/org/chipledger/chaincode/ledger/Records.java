package org.chipledger.chaincode.ledger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads protobuf records from state; a record that does not parse is ledger corruption. */
public final class Records {
  private Records() {}

  public static <T extends Message> Optional<T> load(
      LedgerState state, String key, Parser<T> parser) {
    return state.get(key).map(bytes -> parse(bytes, parser, key));
  }

  public static <T extends Message> List<T> parseAll(
      List<LedgerState.Entry> entries, Parser<T> parser) {
    List<T> records = new ArrayList<>(entries.size());
    for (LedgerState.Entry entry : entries) {
      records.add(parse(entry.value(), parser, entry.key()));
    }
    return records;
  }

  public static <T extends Message> T parse(byte[] bytes, Parser<T> parser, String key) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new RuleViolation(
          ErrorCode.INTERNAL, "stored record " + printable(key) + " is corrupt");
    }
  }

  /** Composite keys hold NUL delimiters; show them as '/' in messages. */
  public static String printable(String key) {
    return key.replace('\u0000', '/');
  }
}
