package org.chipledger.app.output;

import java.io.PrintStream;

/** A one-line progress bar on stderr, drawn only when a person is watching a terminal. */
public final class Progress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String unit;
  private final long total;
  private final boolean enabled;
  private int lastPercent = -1;

  /** A bar on stderr counting {@code total} {@code unit}, shown only on a terminal. */
  public Progress(String unit, long total) {
    this(System.err, unit, total, System.console() != null);
  }

  Progress(PrintStream out, String unit, long total, boolean enabled) {
    this.out = out;
    this.unit = unit;
    this.total = Math.max(1, total);
    this.enabled = enabled;
  }

  /** Redraws the bar for {@code done} of the total, when the percentage changed. */
  public void update(long done) {
    int percent = (int) Math.min(100, done * 100 / total);
    if (!enabled || percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    out.printf(
        "\r[%s%s] %3d%% %,d/%,d %s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), percent, done, total, unit);
    if (done >= total) {
      out.println();
    }
    out.flush();
  }
}
