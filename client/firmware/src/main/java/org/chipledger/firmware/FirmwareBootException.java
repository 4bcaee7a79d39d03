package org.chipledger.firmware;

import java.io.IOException;

/** The chip's boot ROM refused a firmware build; the chip does not run. */
public final class FirmwareBootException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the build may not run. */
  public enum Reason {
    /** The build's manifest does not parse or is not signed by the treaty firmware key. */
    NOT_SIGNED,
    /** The build's security version is below the chip's anti-rollback counter. */
    ROLLBACK
  }

  private final Reason reason;

  public FirmwareBootException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
