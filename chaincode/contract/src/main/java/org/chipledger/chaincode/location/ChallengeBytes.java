package org.chipledger.chaincode.location;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.chipledger.proto.ledger.v1.LocationAttestation;

/**
 * The exact bytes each party signs: the chip signs {@code "chipledger/location/v1" 0 serial 0
 * counter(8 bytes, big-endian) nonce}; the landmark signs its attestation with the landmark
 * signature cleared. Shared by the chaincode, the firmware emulator and the landmark server.
 */
public final class ChallengeBytes {
  private static final byte[] DOMAIN = "chipledger/location/v1".getBytes(StandardCharsets.US_ASCII);

  private ChallengeBytes() {}

  /** What the chip signs for a landmark's challenge. */
  public static byte[] chip(byte[] nonce, String serial, long counter) {
    byte[] id = serial.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(DOMAIN.length + 1 + id.length + 1 + Long.BYTES + nonce.length)
        .put(DOMAIN)
        .put((byte) 0)
        .put(id)
        .put((byte) 0)
        .putLong(counter)
        .put(nonce)
        .array();
  }

  /** What the landmark signs: the attestation without its own signature. */
  public static byte[] landmark(LocationAttestation attestation) {
    return attestation.toBuilder().clearLandmarkSignature().build().toByteArray();
  }
}
