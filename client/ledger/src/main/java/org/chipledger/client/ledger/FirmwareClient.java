package org.chipledger.client.ledger;

import java.util.List;
import org.chipledger.chaincode.ledger.ContractFunctions.FirmwareFunctions;
import org.chipledger.proto.ledger.v1.ApproveFirmwareRequest;
import org.chipledger.proto.ledger.v1.ApprovedFirmware;
import org.chipledger.proto.ledger.v1.FirmwareKey;
import org.chipledger.proto.ledger.v1.FirmwareRegistry;
import org.chipledger.proto.ledger.v1.RevokeFirmwareRequest;
import org.chipledger.proto.ledger.v1.SetFirmwareKeyRequest;

/** Typed calls of the firmware contract (issue 16 item 4) over a {@link Ledger}, either backend. */
public final class FirmwareClient {
  private final TypedCalls calls;

  public FirmwareClient(Ledger ledger) {
    this.calls = new TypedCalls(ledger);
  }

  /** The firmware contract over the ledger another client already holds. */
  public static FirmwareClient of(LedgerClient client) {
    return new FirmwareClient(client.ledger());
  }

  /** Sets or rotates the treaty firmware key (secretariat only). */
  public FirmwareKey setFirmwareKey(SetFirmwareKeyRequest request) {
    return calls.submit(FirmwareFunctions.SET_FIRMWARE_KEY, request, FirmwareKey.parser());
  }

  /** Approves a firmware build the treaty firmware key signed (secretariat only). */
  public ApprovedFirmware approveFirmware(ApproveFirmwareRequest request) {
    return calls.submit(FirmwareFunctions.APPROVE_FIRMWARE, request, ApprovedFirmware.parser());
  }

  /** Revokes an approved firmware build (secretariat only). */
  public ApprovedFirmware revokeFirmware(RevokeFirmwareRequest request) {
    return calls.submit(FirmwareFunctions.REVOKE_FIRMWARE, request, ApprovedFirmware.parser());
  }

  /** The treaty firmware key and every approved build. */
  public FirmwareRegistry firmwareRegistry() {
    return calls.evaluate(
        FirmwareFunctions.GET_FIRMWARE_REGISTRY, List.of(), FirmwareRegistry.parser());
  }
}
