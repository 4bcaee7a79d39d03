package org.chipledger.app.cli.output;

/** How results are printed ({@code --output}). */
public enum OutputFormat {
  TABLE,
  JSON
}
