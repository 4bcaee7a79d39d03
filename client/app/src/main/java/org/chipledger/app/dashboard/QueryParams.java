package org.chipledger.app.dashboard;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;

/** A query's URL parameters; a malformed one is MALFORMED_ARGUMENT, as on the CLI. */
public final class QueryParams {
  private final Context ctx;

  QueryParams(Context ctx) {
    this.ctx = ctx;
  }

  /** The parameter, or "" if absent. */
  public String text(String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.strip();
  }

  public String required(String name) {
    String value = text(name);
    if (value.isEmpty()) {
      throw new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "parameter " + name + " is required");
    }
    return value;
  }

  /** An ISO-8601 instant, or null if absent. */
  public Instant instant(String name) {
    String value = text(name);
    try {
      return value.isEmpty() ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, name + " is not an ISO-8601 instant: " + value);
    }
  }

  /** A non-negative count, or {@code fallback} if absent. */
  public int count(String name, int fallback) {
    String value = text(name);
    try {
      int n = value.isEmpty() ? fallback : Integer.parseInt(value);
      if (n < 0) {
        throw new NumberFormatException(value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, name + " is not a non-negative number: " + value);
    }
  }
}
