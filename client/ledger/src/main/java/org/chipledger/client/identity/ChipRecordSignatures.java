package org.chipledger.client.identity;

import com.google.protobuf.ByteString;
import org.chipledger.chaincode.snapshot.ChipSignatureCheck;

/**
 * The chaincode's chip-record signature rule (strict DER, either S, keys as Bouncy Castle reads
 * them) checked through {@link SignatureService}: what the agent uses at ingest.
 */
public final class ChipRecordSignatures implements ChipSignatureCheck {
  private final SignatureService service = SignatureService.get();

  @Override
  public boolean verify(ByteString derPublicKey, byte[] message, byte[] signature) {
    return service.verifyAnyS(derPublicKey.toByteArray(), message, signature);
  }
}
