package org.chipledger.chaincode.licence;

import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ExportLicence;

/** Whether a licence's terms name the shipment: its authority's country, parties and chips. */
final class LicenceTerms {
  private LicenceTerms() {}

  /** Refuses with LICENCE_MISMATCH the first term the shipment falls outside. */
  static void requireCovers(ExportLicence licence, Shipment shipment) {
    String id = licence.getLicenceId();
    mismatch(
        licence.getExportingCountry().equals(shipment.fromCountry()),
        "licence "
            + id
            + " was issued by "
            + licence.getIssuerOrg()
            + ", the licensing authority of "
            + licence.getExportingCountry()
            + ", but the chips leave "
            + shipment.fromCountry());
    mismatch(
        licence.getExporterOrg().equals(shipment.exporterOrg()),
        "licence "
            + id
            + " is for exports by "
            + licence.getExporterOrg()
            + ", not "
            + shipment.exporterOrg());
    mismatch(
        licence.getDestinationCountry().equals(shipment.toCountry())
            && licence.getDestinationOrg().equals(shipment.toOrg()),
        "licence "
            + id
            + " is for "
            + licence.getDestinationOrg()
            + " in "
            + licence.getDestinationCountry()
            + ", not "
            + shipment.toOrg()
            + " in "
            + shipment.toCountry());
    for (Chip chip : shipment.controlled()) {
      mismatch(
          Licences.covers(licence, chip),
          "licence "
              + id
              + " does not cover chip "
              + chip.getSerial()
              + " (model "
              + chip.getModel()
              + ", TPP "
              + chip.getTpp()
              + ")");
    }
  }

  private static void mismatch(boolean covered, String detail) {
    Checks.require(covered, ErrorCode.LICENCE_MISMATCH, detail);
  }
}
