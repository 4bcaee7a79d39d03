package org.chipledger.chaincode.policy;

import java.util.Optional;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.BootstrapRequest;
import org.chipledger.proto.ledger.v1.CountryPair;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.PolicySet;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import org.chipledger.proto.ledger.v1.Role;

/**
 * The consortium policy: what counts as a controlled chip, licences, transit limits, inspections.
 */
public final class Policies {
  private static final String KEY = CompositeKeys.of("policy", "current");

  private Policies() {}

  /** The most {@code proposal_skew_seconds} may allow: a wider window would let time be chosen. */
  public static final int MAX_PROPOSAL_SKEW_SECONDS = 3600;

  /** The state key of the policy, for a backend that reads it outside a transaction. */
  public static String key() {
    return KEY;
  }

  public static Optional<Policy> find(LedgerState state) {
    return Records.load(state, KEY, Policy.parser());
  }

  public static Policy current(LedgerState state) {
    return find(state)
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.POLICY_NOT_SET, "the ledger has not been bootstrapped"));
  }

  /**
   * Opens the ledger: the caller's organisation becomes the consortium administrator and the first
   * policy takes effect. Rejected once any policy exists.
   */
  public static Policy bootstrap(LedgerState state, BootstrapRequest request) {
    Checks.require(
        find(state).isEmpty(), ErrorCode.POLICY_ALREADY_SET, "the ledger is already bootstrapped");
    var caller = state.caller();
    Checks.require(
        "admin".equals(caller.role()),
        ErrorCode.UNAUTHORIZED_ROLE,
        "only an admin identity may bootstrap the ledger");
    Checks.country("certificate country", caller.country());
    Policy policy =
        validated(request.getPolicy().toBuilder().setConsortiumOrgId(caller.org()).setVersion(1))
            .setUpdatedAt(state.txTime())
            .build();
    Thresholds.validate(policy.getThresholdScheduleList(), java.util.List.of(), state.txTime());
    state.put(KEY, policy.toByteArray());
    Membership.register(
        state,
        RegisterOrganizationRequest.newBuilder()
            .setOrgId(caller.org())
            .setMspId(caller.mspId())
            .setName(request.getOrgName())
            .setCountry(caller.country())
            .addRoles(Role.ROLE_ADMIN)
            .setCaCertPem(request.getCaCertPem())
            .build());
    // Membership.register emitted OrganizationRegistered; the policy event supersedes it.
    emitPolicySet(state, policy);
    return policy;
  }

  /** Replaces the policy; only the consortium administrator may. */
  public static Policy set(LedgerState state, Policy proposed) {
    Policy previous = current(state);
    requireConsortiumAdmin(state, previous);
    Policy policy =
        validated(
                proposed.toBuilder()
                    .setConsortiumOrgId(previous.getConsortiumOrgId())
                    .setVersion(previous.getVersion() + 1))
            .setUpdatedAt(state.txTime())
            .build();
    Thresholds.validate(
        policy.getThresholdScheduleList(), previous.getThresholdScheduleList(), state.txTime());
    state.put(KEY, policy.toByteArray());
    emitPolicySet(state, policy);
    return policy;
  }

  /** Admits only an admin of the consortium organisation named in the policy. */
  public static Organization requireConsortiumAdmin(LedgerState state) {
    return requireConsortiumAdmin(state, current(state));
  }

  private static Organization requireConsortiumAdmin(LedgerState state, Policy policy) {
    Organization org = Membership.require(state, Role.ROLE_ADMIN);
    Checks.require(
        org.getOrgId().equals(policy.getConsortiumOrgId()),
        ErrorCode.NOT_CONSORTIUM_ADMIN,
        "only the consortium organisation " + policy.getConsortiumOrgId() + " may do this");
    return org;
  }

  /** Whether moving a controlled chip between these countries needs an export licence. */
  public static boolean licenceRequired(Policy policy, String from, String to) {
    for (CountryPair pair : policy.getLicenceRequiredList()) {
      if (matches(pair.getFromCountry(), from) && matches(pair.getToCountry(), to)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String pattern, String country) {
    return "*".equals(pattern) || pattern.equals(country);
  }

  private static Policy.Builder validated(Policy.Builder policy) {
    Checks.require(
        policy.getControlledTppThreshold() > 0,
        ErrorCode.INVALID_POLICY,
        "controlled_tpp_threshold must be positive");
    Checks.require(
        policy.getMaxTransitDays() > 0,
        ErrorCode.INVALID_POLICY,
        "max_transit_days must be positive");
    for (CountryPair pair : policy.getLicenceRequiredList()) {
      for (String country : new String[] {pair.getFromCountry(), pair.getToCountry()}) {
        if (!"*".equals(country)) {
          Checks.country("licence country", country);
        }
      }
    }
    Checks.require(
        policy.getProposalSkewSeconds() <= MAX_PROPOSAL_SKEW_SECONDS,
        ErrorCode.INVALID_POLICY,
        "proposal_skew_seconds must be at most " + MAX_PROPOSAL_SKEW_SECONDS);
    if (policy.hasInspection()) {
      InspectionParameters p = policy.getInspection();
      Checks.require(
          p.getDetectionProbability() > 0 && p.getDetectionProbability() < 1,
          ErrorCode.INVALID_POLICY,
          "inspection p must lie strictly between 0 and 1");
      Checks.require(
          p.getTrainingDays() > 0
              && p.getMonitoringPeriodDays() > 0
              && p.getThresholdFlop() > 0
              && p.getSnapshotsPerDay() > 0
              && p.getChipFlopPerDay() > 0,
          ErrorCode.INVALID_POLICY,
          "inspection T, T_m, H, f and a must be positive");
    }
    OversightRules.validate(policy);
    LocationRules.validate(policy);
    return policy;
  }

  private static void emitPolicySet(LedgerState state, Policy policy) {
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setPolicySet(PolicySet.newBuilder().setVersion(policy.getVersion())));
  }
}
