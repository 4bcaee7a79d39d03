package org.chipledger.chaincode.licence;

import java.util.List;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.Transfer;

/**
 * What a licence must cover: who ships which controlled chips from where to whom, under the licence
 * the transfer names.
 *
 * @param controlled the shipment's controlled chips; uncontrolled ones need no licence
 */
public record Shipment(
    String licenceId,
    String exporterOrg,
    String fromCountry,
    String toOrg,
    String toCountry,
    List<Chip> controlled) {

  /** Copies the chips. */
  public Shipment {
    controlled = List.copyOf(controlled);
  }

  /** The shipment of a transfer on the ledger, with its controlled chips. */
  public static Shipment of(Transfer transfer, List<Chip> controlled) {
    return new Shipment(
        transfer.getLicenceRef(),
        transfer.getFromOrg(),
        transfer.getFromCountry(),
        transfer.getToOrg(),
        transfer.getToCountry(),
        controlled);
  }
}
