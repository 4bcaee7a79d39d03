package org.chipledger.app.inspection;

import com.google.protobuf.ByteString;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.chipledger.firmware.NvramEntry;
import org.chipledger.proto.ledger.v1.ApprovedFirmware;
import org.chipledger.proto.ledger.v1.FirmwareRegistry;
import org.chipledger.proto.ledger.v1.LogCheckReport;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/**
 * What a chip's NVRAM log says about the firmware it ran (issue 16 item 4): a security version that
 * went down between records is a rollback, and a build the ledger never approved is unapproved
 * firmware. Both are chip findings, so the log is not clean.
 */
final class FirmwareFindings {
  /** Bounds the report: one line per finding, at most this many of each kind. */
  private static final int MAX_EACH = 20;

  private static final HexFormat HEX = HexFormat.of();

  private FirmwareFindings() {}

  static void add(LogCheckReport.Builder report, List<NvramEntry> entries, FirmwareRegistry reg) {
    rollbacks(report, entries);
    if (reg.hasKey()) {
      unapproved(report, entries, reg);
    }
  }

  private static void rollbacks(LogCheckReport.Builder report, List<NvramEntry> entries) {
    long highest = 0;
    long highestAt = 0;
    int found = 0;
    for (NvramEntry entry : entries) {
      long version = entry.record().getSecurityVersion();
      if (Long.compareUnsigned(version, highest) < 0) {
        if (found++ < MAX_EACH) {
          report.addChipFindings(
              "FIRMWARE_ROLLBACK: record #"
                  + entry.counter()
                  + " was made by firmware of security version "
                  + Long.toUnsignedString(version)
                  + " after record #"
                  + highestAt
                  + " ran security version "
                  + Long.toUnsignedString(highest));
        }
      } else if (version != highest) {
        highest = version;
        highestAt = entry.counter();
      }
    }
  }

  private static void unapproved(
      LogCheckReport.Builder report, List<NvramEntry> entries, FirmwareRegistry registry) {
    Set<ByteString> approved =
        registry.getBuildsList().stream()
            .map(ApprovedFirmware::getMeasurement)
            .collect(Collectors.toSet());
    int found = 0;
    for (NvramEntry entry : entries) {
      SnapshotRecord record = entry.record();
      // Records made before the secretariat set the key were taken from any firmware.
      boolean underKey =
          org.chipledger.chaincode.ledger.Times.compare(
                  record.getChipTime(), registry.getKey().getSetAt())
              >= 0;
      if (underKey && !approved.contains(record.getFirmwareMeasurement()) && found++ < MAX_EACH) {
        report.addChipFindings(
            "UNAPPROVED_FIRMWARE: record #"
                + entry.counter()
                + " was made by "
                + (record.getFirmwareMeasurement().isEmpty()
                    ? "unmeasured firmware '" + record.getFirmwareVersion() + "'"
                    : "build "
                        + HEX.formatHex(record.getFirmwareMeasurement().toByteArray())
                        + ", which the ledger never approved"));
      }
    }
  }
}
