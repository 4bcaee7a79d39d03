package org.chipledger.firmware;

import java.io.IOException;

/** An NVRAM log that cannot be opened, read or extended, with its stable {@link NvramError}. */
public final class NvramException extends IOException {
  private static final long serialVersionUID = 1L;

  private final NvramError error;
  private final long offset;

  public NvramException(NvramError error, long offset, String detail) {
    super(error + " (" + error.number() + ") at byte " + offset + ": " + detail);
    this.error = error;
    this.offset = offset;
  }

  public NvramError error() {
    return error;
  }

  /** The byte offset in the log file of the entry at fault. */
  public long offset() {
    return offset;
  }
}
