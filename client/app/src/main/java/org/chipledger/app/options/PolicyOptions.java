package org.chipledger.app.options;

import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.CountryPair;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.Policy;
import picocli.CommandLine.Option;

/**
 * The consortium policy as command-line options, for {@code admin init} and {@code admin
 * set-policy}.
 */
public final class PolicyOptions {
  @Option(
      names = "--tpp-threshold",
      defaultValue = "4800",
      description = "Controlled if TPP >= this (ECCN 3A090).")
  double tppThreshold;

  @Option(
      names = "--licence-pair",
      split = ",",
      defaultValue = "*:*",
      description =
          "FROM:TO country pairs needing an export licence; * matches any (default: ${DEFAULT-VALUE}).")
  List<String> licencePairs = new ArrayList<>();

  @Option(names = "--max-transit-days", defaultValue = "14")
  int maxTransitDays;

  @Option(
      names = "--investigation-threshold",
      defaultValue = "100",
      description =
          "Chips one holder reports lost, stolen or destroyed in one calendar year that trigger an"
              + " investigation.")
  int investigationThreshold;

  @Option(names = "--inspection-p", defaultValue = "0.9", description = "Eq. (1) p.")
  double p;

  @Option(names = "--inspection-T", defaultValue = "30", description = "Eq. (1) T, days.")
  double trainingDays;

  @Option(names = "--inspection-Tm", defaultValue = "30", description = "Eq. (1) T_m, days.")
  double periodDays;

  @Option(names = "--inspection-H", defaultValue = "1e25", description = "Eq. (1) H, FLOP.")
  double thresholdFlop;

  @Option(names = "--inspection-f", defaultValue = "0.1", description = "Eq. (1) f, snapshots/day.")
  double snapshotsPerDay;

  @Option(
      names = "--inspection-a",
      defaultValue = "8.64e19",
      description = "Eq. (1) a, FLOP/day per chip.")
  double chipFlopPerDay;

  /** The policy these options describe. */
  public Policy toPolicy() {
    Policy.Builder policy =
        Policy.newBuilder()
            .setControlledTppThreshold(tppThreshold)
            .setMaxTransitDays(maxTransitDays)
            .setInvestigationThreshold(investigationThreshold)
            .setInspection(
                InspectionParameters.newBuilder()
                    .setDetectionProbability(p)
                    .setTrainingDays(trainingDays)
                    .setMonitoringPeriodDays(periodDays)
                    .setThresholdFlop(thresholdFlop)
                    .setSnapshotsPerDay(snapshotsPerDay)
                    .setChipFlopPerDay(chipFlopPerDay));
    for (String pair : licencePairs) {
      String[] parts = pair.split(":", -1);
      if (parts.length != 2) {
        throw new LedgerException(
            ErrorCode.MALFORMED_ARGUMENT, "--licence-pair wants FROM:TO, not " + pair);
      }
      policy.addLicenceRequired(
          CountryPair.newBuilder().setFromCountry(parts[0]).setToCountry(parts[1]));
    }
    return policy.build();
  }
}
