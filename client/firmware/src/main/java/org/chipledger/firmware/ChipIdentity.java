package org.chipledger.firmware;

/** Who a chip is: its serial, the firmware version it reports, and its signing key. */
public record ChipIdentity(String serial, String firmwareVersion, ChipSigner signer) {
  public ChipIdentity {
    if (serial == null || serial.isBlank()) {
      throw new IllegalArgumentException("chip serial is empty");
    }
    if (firmwareVersion == null || firmwareVersion.isBlank()) {
      throw new IllegalArgumentException("firmware version is empty");
    }
    if (signer == null) {
      throw new IllegalArgumentException("chip key is missing");
    }
  }
}
