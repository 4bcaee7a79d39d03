package org.chipledger.chaincode.snapshot;

import com.google.protobuf.ByteString;

/**
 * Checks a chip's signature on a record. The chaincode's is {@link ChipKeyring} (Bouncy Castle);
 * the agent passes a faster one with exactly the same verdicts.
 */
@FunctionalInterface
public interface ChipSignatureCheck {
  /** True only for a valid SHA256withECDSA signature over {@code message} by the DER key. */
  boolean verify(ByteString derPublicKey, byte[] message, byte[] signature);
}
