package org.chipledger.client.cast;

import java.util.List;
import org.chipledger.client.ledger.LedgerClient;
import org.chipledger.proto.ledger.v1.BootstrapRequest;
import org.chipledger.proto.ledger.v1.ChipModel;
import org.chipledger.proto.ledger.v1.CountryPair;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import org.chipledger.proto.ledger.v1.VerifierRules;

/** The founding of a treaty ledger: the secretariat's bootstrap and the members it registers. */
public final class Founding {
  /** The organisation the demo policy names as the Verifier. */
  public static final String VERIFIER_ORG = "inspectorate";

  /**
   * The chip models the secretariat registers (issue 17 item 8): the story's datacenter chips, both
   * controlled, and a gaming chip that is not. Every model runs at 1e15 FLOP/s, the per-chip rate
   * the policy gave every chip before the registry.
   */
  public static final List<ChipModel> MODELS =
      List.of(model("H100", 15_832), model("B200", 36_000), model("RTX", 1_300));

  private Founding() {}

  private static ChipModel model(String name, double tpp) {
    return ChipModel.newBuilder().setModel(name).setTpp(tpp).setPeakFlopPerSecond(1e15).build();
  }

  /**
   * Bootstraps the ledger as the secretariat, registers every member of the cast and the chip
   * models.
   */
  public static void found(Cast cast, Policy policy) {
    LedgerClient admin = cast.as(Cast.ADMIN.orgId());
    admin.bootstrap(
        BootstrapRequest.newBuilder()
            .setPolicy(policy)
            .setOrgName(Cast.ADMIN.name())
            .setCaCertPem(cast.rootCaPem(Cast.ADMIN.mspId()))
            .build());
    for (Member m : Cast.MEMBERS) {
      admin.registerOrganization(
          RegisterOrganizationRequest.newBuilder()
              .setOrgId(m.orgId())
              .setMspId(m.mspId())
              .setName(m.name())
              .setCountry(m.country())
              .addRoles(m.role())
              .setCaCertPem(cast.rootCaPem(m.mspId()))
              .build());
    }
    MODELS.forEach(admin::registerModel);
  }

  /** The demo's policy: ECCN 3A090 threshold, licences for every border, 14 days in transit. */
  public static Policy policy() {
    return Policy.newBuilder()
        .setControlledTppThreshold(4800)
        .addLicenceRequired(CountryPair.newBuilder().setFromCountry("*").setToCountry("*"))
        .setMaxTransitDays(14)
        .setInvestigationThreshold(100)
        .setInspection(
            InspectionParameters.newBuilder()
                .setDetectionProbability(0.9)
                .setTrainingDays(30)
                .setMonitoringPeriodDays(30)
                .setThresholdFlop(1e25)
                .setSnapshotsPerDay(0.1)
                .setChipFlopPerDay(1e15 * 86_400))
        // The treaty's inspectorate runs the Verifier's cluster (issue 17 item 12).
        .setVerifierRules(VerifierRules.newBuilder().setVerifierOrg(VERIFIER_ORG))
        .build();
  }
}
