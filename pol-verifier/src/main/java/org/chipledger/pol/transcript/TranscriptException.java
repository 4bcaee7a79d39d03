package org.chipledger.pol.transcript;

/** A transcript that cannot be used, with the stable reason. */
public final class TranscriptException extends Exception {
  private static final long serialVersionUID = 1L;

  private final TranscriptError error;

  /** An error with a human-readable detail. */
  public TranscriptException(TranscriptError error, String detail) {
    super(error + " (" + error.code() + "): " + detail);
    this.error = error;
  }

  /** An error caused by an underlying exception. */
  public TranscriptException(TranscriptError error, String detail, Throwable cause) {
    super(error + " (" + error.code() + "): " + detail, cause);
    this.error = error;
  }

  /** The stable reason. */
  public TranscriptError error() {
    return error;
  }
}
