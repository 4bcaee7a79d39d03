package org.chipledger.client.ledger;

import org.chipledger.chaincode.ledger.ErrorCode;

/** A rejected transaction or query, with the stable code that says why. */
public final class LedgerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public LedgerException(ErrorCode code, String message) {
    super(message.startsWith(code.name() + ": ") ? message : code.format(message));
    this.code = code;
  }

  public LedgerException(ErrorCode code, String message, Throwable cause) {
    super(message.startsWith(code.name() + ": ") ? message : code.format(message), cause);
    this.code = code;
  }

  /**
   * Maps a backend's error message to an exception, recovering the code the chaincode put in it.
   */
  public static LedgerException fromMessage(String message, ErrorCode fallback) {
    ErrorCode code = ErrorCode.parse(message).orElse(fallback);
    String text = message == null ? "" : message;
    int at = text.indexOf(code.name() + ": ");
    return new LedgerException(code, at >= 0 ? text.substring(at) : text);
  }

  public ErrorCode code() {
    return code;
  }
}
