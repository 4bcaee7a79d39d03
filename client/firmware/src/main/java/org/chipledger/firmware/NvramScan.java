package org.chipledger.firmware;

import java.util.List;

/**
 * What a read of an NVRAM log found: its valid entries, the length of the valid prefix, and the
 * bytes of a torn tail after it (an append that never became durable; 0 when there is none).
 */
public record NvramScan(List<NvramEntry> entries, long validLength, long tornBytes) {
  public NvramScan {
    entries = List.copyOf(entries);
  }

  /** The head after the last valid entry. */
  public ChainHead head() {
    return entries.isEmpty() ? ChainHead.GENESIS : entries.get(entries.size() - 1).head();
  }
}
