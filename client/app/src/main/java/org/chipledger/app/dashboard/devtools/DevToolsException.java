package org.chipledger.app.dashboard.devtools;

/** The headless browser could not be started, refused a command, or never drew what was awaited. */
public final class DevToolsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DevToolsException(String message) {
    super(message);
  }

  DevToolsException(String message, Throwable cause) {
    super(message, cause);
  }
}
