package org.chipledger.app.inspection;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.chipledger.app.options.GlobalOptions;
import org.chipledger.app.output.Output;
import org.chipledger.chaincode.inspection.Findings;
import org.chipledger.proto.ledger.v1.Campaign;
import org.chipledger.proto.ledger.v1.Finding;
import org.chipledger.proto.ledger.v1.Flag;

/** What the campaign commands print in common: hashes, the sample, the flags; and the seeds. */
final class CampaignText {
  /** Paper fn 5: "A single inspector might be expected to verify at least 1000 chips a year". */
  static final double CHIPS_PER_INSPECTOR_YEAR = 1000;

  private CampaignText() {}

  static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  /** The inspector's secret seeds, kept in the data directory until the draw reveals them. */
  static CampaignSeeds seeds(GlobalOptions options) {
    return new CampaignSeeds(options.dataDir().resolve("campaign-seeds"));
  }

  /** The drawn chips, numbered, with what the finding at each said so far. */
  static void sample(Output out, Campaign campaign, Map<String, Finding> findings) {
    List<List<String>> rows = new ArrayList<>();
    int i = 1;
    for (String serial : campaign.getSampledSerialsList()) {
      Finding f = findings.get(serial);
      rows.add(
          List.of(
              Integer.toString(i++),
              serial,
              f == null
                  ? "not inspected"
                  : f.getOwnerRefused() ? "refused" : f.getFound() ? "found" : "not found",
              f == null ? "" : Integer.toString(f.getFlagsCount())));
    }
    out.table(List.of("#", "serial", "finding", "flags"), rows);
  }

  /** One row per flag a finding raised. */
  static void flags(Output out, List<Flag> flags) {
    List<List<String>> rows = new ArrayList<>();
    for (Flag flag : flags) {
      rows.add(
          List.of(
              flag.getSerial(),
              Findings.flagName(flag.getReason()),
              flag.getRunId(),
              flag.getDetail()));
    }
    out.table(List.of("chip", "flag", "run", "detail"), rows);
  }
}
