package org.chipledger.chaincode.membership;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.chipledger.chaincode.ledger.Caller;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.OrganizationRegistered;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import org.chipledger.proto.ledger.v1.Role;

/**
 * The organisation directory and the access check every transaction starts with: the caller's
 * certificate attributes (org, role, country) must match a registered organisation of its MSP.
 */
public final class Membership {
  private Membership() {}

  /**
   * Admits the caller if its role is one of {@code allowed} and its certificate agrees with its
   * registered organisation; returns that organisation.
   */
  public static Organization require(LedgerState state, Role... allowed) {
    Caller caller = state.caller();
    Role role =
        Roles.fromAttribute(caller.role())
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ErrorCode.UNAUTHORIZED_ROLE,
                        "certificate has no valid role attribute (got '" + caller.role() + "')"));
    if (allowed.length > 0 && Arrays.stream(allowed).noneMatch(role::equals)) {
      throw new RuleViolation(
          ErrorCode.UNAUTHORIZED_ROLE,
          "role " + caller.role() + " may not do this; allowed: " + names(allowed));
    }
    Organization org = registered(state, caller);
    if (!org.getRolesList().contains(role)) {
      throw new RuleViolation(
          ErrorCode.UNAUTHORIZED_ROLE,
          "organisation " + org.getOrgId() + " is not registered with role " + caller.role());
    }
    return org;
  }

  /**
   * {@code rule} for members only: it runs after {@link #requireMember} admits the caller, so a
   * stranger learns nothing from what it would read.
   */
  public static <T> Function<LedgerState, T> membersOnly(Function<LedgerState, T> rule) {
    return state -> {
      requireMember(state);
      return rule.apply(state);
    };
  }

  /** Admits any registered member, whatever its role: read access for treaty parties. */
  public static Organization requireMember(LedgerState state) {
    return require(state);
  }

  private static Organization registered(LedgerState state, Caller caller) {
    if (caller.org().isEmpty()) {
      throw new RuleViolation(ErrorCode.UNKNOWN_ORGANIZATION, "certificate has no org attribute");
    }
    Organization org =
        find(state, caller.org())
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ErrorCode.UNKNOWN_ORGANIZATION,
                        "organisation " + caller.org() + " is not registered"));
    if (!org.getMspId().equals(caller.mspId())) {
      throw new RuleViolation(
          ErrorCode.IDENTITY_MISMATCH,
          "organisation "
              + org.getOrgId()
              + " belongs to MSP "
              + org.getMspId()
              + ", not "
              + caller.mspId());
    }
    if (!org.getCountry().equals(caller.country())) {
      throw new RuleViolation(
          ErrorCode.IDENTITY_MISMATCH,
          "certificate country '"
              + caller.country()
              + "' differs from organisation country "
              + org.getCountry());
    }
    return org;
  }

  public static Optional<Organization> find(LedgerState state, String orgId) {
    return Records.load(state, MembershipKeys.organization(orgId), Organization.parser());
  }

  public static Organization get(LedgerState state, String orgId) {
    return find(state, orgId)
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.UNKNOWN_ORGANIZATION,
                    "organisation " + orgId + " is not registered"));
  }

  public static List<Organization> all(LedgerState state) {
    return Records.parseAll(state.scanAll("org", List.of()), Organization.parser());
  }

  /**
   * Registers an organisation. The caller has already been admitted as consortium administrator (or
   * is bootstrapping the ledger).
   */
  public static Organization register(LedgerState state, RegisterOrganizationRequest request) {
    Checks.id("org id", request.getOrgId());
    Checks.id("MSP id", request.getMspId());
    Checks.country("country", request.getCountry());
    Checks.require(
        !request.getName().isBlank(), ErrorCode.MALFORMED_ARGUMENT, "organisation name is empty");
    Checks.require(
        !request.getRolesList().isEmpty()
            && !request.getRolesList().contains(Role.ROLE_UNSPECIFIED)
            && !request.getRolesList().contains(Role.UNRECOGNIZED),
        ErrorCode.MALFORMED_ARGUMENT,
        "an organisation needs at least one valid role");
    Checks.require(
        find(state, request.getOrgId()).isEmpty(),
        ErrorCode.ORGANIZATION_EXISTS,
        "organisation " + request.getOrgId() + " is already registered");
    admitMsp(state, request.getMspId(), request.getCaCertPem());

    Organization org =
        Organization.newBuilder()
            .setOrgId(request.getOrgId())
            .setMspId(request.getMspId())
            .setName(request.getName())
            .setCountry(request.getCountry())
            .addAllRoles(request.getRolesList())
            .setCaCertPem(request.getCaCertPem())
            .setRegisteredAt(state.txTime())
            .build();
    state.put(MembershipKeys.organization(org.getOrgId()), org.toByteArray());
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setOrganizationRegistered(
                OrganizationRegistered.newBuilder()
                    .setOrgId(org.getOrgId())
                    .setCountry(org.getCountry())
                    .addAllRoles(org.getRolesList())));
    return org;
  }

  /**
   * The first organisation of an MSP fixes its root CA; later ones must name the same CA or none.
   */
  private static void admitMsp(LedgerState state, String mspId, String caPem) {
    Optional<byte[]> known = state.get(MembershipKeys.mspRootCa(mspId));
    if (known.isPresent()) {
      String knownPem = new String(known.get(), StandardCharsets.UTF_8);
      Checks.require(
          caPem.isEmpty() || normalise(caPem).equals(normalise(knownPem)),
          ErrorCode.IDENTITY_MISMATCH,
          "MSP " + mspId + " is already registered with a different root CA");
      return;
    }
    Checks.require(
        caPem.contains("BEGIN CERTIFICATE"),
        ErrorCode.MALFORMED_ARGUMENT,
        "the first organisation of MSP " + mspId + " must include its root CA certificate (PEM)");
    state.put(MembershipKeys.mspRootCa(mspId), caPem.getBytes(StandardCharsets.UTF_8));
  }

  private static String normalise(String pem) {
    return pem.replace("\r", "").strip();
  }

  private static String names(Role... roles) {
    return String.join(", ", Arrays.stream(roles).map(Roles::attribute).toList());
  }
}
