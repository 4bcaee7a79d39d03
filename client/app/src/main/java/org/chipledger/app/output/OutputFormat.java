package org.chipledger.app.output;

/** How results are printed ({@code --output}). */
public enum OutputFormat {
  TABLE,
  JSON
}
