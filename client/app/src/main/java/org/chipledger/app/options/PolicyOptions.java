package org.chipledger.app.options;

import com.google.protobuf.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.backend.Backend;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.CampaignPeriodKind;
import org.chipledger.proto.ledger.v1.CampaignRules;
import org.chipledger.proto.ledger.v1.CountryPair;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.ThresholdStep;
import org.chipledger.proto.ledger.v1.VerifierRules;
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

  @Option(
      names = "--paper-licences",
      description =
          "Accept a licence reference that names no ledger licence, as before licences were ledger"
              + " objects (default: a required licence must be a ledger licence).")
  boolean paperLicences;

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

  @Option(
      names = "--threshold-step",
      paramLabel = "DATE=H",
      description =
          "H from a UTC date (YYYY-MM-DD) onwards, e.g. 2027-01-01=3e25; repeat in date order. Steps"
              + " already in force must be given again unchanged.")
  List<String> thresholdSteps = new ArrayList<>();

  // Issue 17 items 9-12: campaign periods, reveal deadlines and escrow, the Verifier's minimums.
  @Option(
      names = "--campaign-period",
      defaultValue = "MONTH",
      description = "Calendar period of campaigns: MONTH, QUARTER or YEAR.")
  String campaignPeriod;

  @Option(
      names = "--reveal-days",
      defaultValue = "7",
      description = "Days the inspector has to reveal after the owner's acknowledgement.")
  int revealDays;

  @Option(
      names = "--escrow-key",
      description = "DER public key (inspect escrow-key) inspectors escrow campaign seeds to.")
  java.nio.file.Path escrowKey;

  @Option(
      names = "--secretariat-may-reveal",
      description = "Past the deadline the secretariat may reveal an escrowed seed.")
  boolean secretariatMayReveal;

  @Option(
      names = "--verifier-org",
      defaultValue = "inspectorate",
      description = "The only organisation that commits selections and records verdicts.")
  String verifierOrg;

  @Option(
      names = "--min-replayed-segments",
      defaultValue = "2",
      description = "Segments (top-Q plus random) an honest verdict must replay.")
  int minReplayed;

  @Option(
      names = "--min-random-segments",
      defaultValue = "1",
      description = "Random segments an honest verdict must replay.")
  int minRandom;

  @Option(
      names = "--detection-target",
      defaultValue = "0",
      description = "Raise random segments to catch a spoofed fraction with this probability.")
  double detectionTarget;

  @Option(
      names = "--spoofed-fraction",
      defaultValue = "0",
      description = "The spoofed segment fraction the detection target is for.")
  double spoofedFraction;

  @Option(
      names = "--token-chip-keys-only",
      negatable = true,
      description =
          "Register only chips whose key the fab made in a PKCS#11 token (issue 16): derived,"
              + " software and unstated keys are refused with INVALID_CHIP_KEY. Default: on for"
              + " the Fabric backend, off for the embedded ledger (demo and benchmarks);"
              + " --no-token-chip-keys-only allows derived keys on Fabric.")
  Boolean tokenChipKeysOnly;

  /** The policy's rules on inspectors and the Verifier. */
  private void oversight(Policy.Builder policy) {
    CampaignRules.Builder campaigns =
        CampaignRules.newBuilder()
            .setRevealDays(revealDays)
            .setSecretariatMayReveal(secretariatMayReveal);
    try {
      campaigns.setPeriodKind(
          CampaignPeriodKind.valueOf(
              "CAMPAIGN_PERIOD_KIND_" + campaignPeriod.toUpperCase(java.util.Locale.ROOT)));
      if (escrowKey != null) {
        campaigns.setEscrowPublicKey(
            com.google.protobuf.ByteString.copyFrom(java.nio.file.Files.readAllBytes(escrowKey)));
      }
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, "--campaign-period or --escrow-key: " + e.getMessage());
    }
    policy
        .setTokenChipKeysOnly(Boolean.TRUE.equals(tokenChipKeysOnly))
        .setCampaignRules(campaigns)
        .setVerifierRules(
            VerifierRules.newBuilder()
                .setVerifierOrg(verifierOrg)
                .setMinReplayedSegments(minReplayed)
                .setMinRandomSegments(minRandom)
                .setDetectionTarget(detectionTarget)
                .setSpoofedFraction(spoofedFraction));
  }

  /**
   * The policy these options describe for a ledger on {@code backend}: unless the option says
   * otherwise, Fabric refuses seed-derived chip keys (anyone who knows the seed can sign as those
   * chips) and the embedded ledger, which runs the demo and the benchmarks, allows them.
   */
  public Policy toPolicy(Backend backend) {
    return toPolicy(backend == Backend.FABRIC);
  }

  /** The policy these options describe; {@code tokenOnlyDefault} unless the option is given. */
  public Policy toPolicy(boolean tokenOnlyDefault) {
    boolean tokenOnly = tokenChipKeysOnly != null ? tokenChipKeysOnly : tokenOnlyDefault;
    return toPolicy().toBuilder().setTokenChipKeysOnly(tokenOnly).build();
  }

  /** The policy these options describe, with derived chip keys allowed unless the option is set. */
  public Policy toPolicy() {
    Policy.Builder policy =
        Policy.newBuilder()
            .setControlledTppThreshold(tppThreshold)
            .setMaxTransitDays(maxTransitDays)
            .setInvestigationThreshold(investigationThreshold)
            .setPaperLicencesAccepted(paperLicences)
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
    for (String step : thresholdSteps) {
      policy.addThresholdSchedule(thresholdStep(step));
    }
    oversight(policy);
    return policy.build();
  }

  private static ThresholdStep thresholdStep(String step) {
    String[] parts = step.split("=", -1);
    try {
      if (parts.length != 2) {
        throw new IllegalArgumentException("no '='");
      }
      long seconds = LocalDate.parse(parts[0]).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      return ThresholdStep.newBuilder()
          .setFrom(Timestamp.newBuilder().setSeconds(seconds))
          .setThresholdFlop(Double.parseDouble(parts[1]))
          .build();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new LedgerException(
          ErrorCode.MALFORMED_ARGUMENT, "--threshold-step wants YYYY-MM-DD=H, not " + step);
    }
  }
}
