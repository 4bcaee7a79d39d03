package org.chipledger.chaincode.licence;

import java.util.Optional;
import org.chipledger.chaincode.chip.ModelRegistry;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.ledger.Times;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ExportLicence;
import org.chipledger.proto.ledger.v1.IssueLicenceRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.Policy;
import org.chipledger.proto.ledger.v1.RevokeLicenceRequest;
import org.chipledger.proto.ledger.v1.Role;

/**
 * Export licences as ledger objects (issue 17 item 7). An exporting country's licensing authority
 * issues them and may revoke them; a transfer of controlled chips across a licence-required border
 * names one, which must cover the shipment when it is proposed and again when customs clears the
 * export, and the export consumes its quantity.
 */
public final class Licences {
  static final String LICENCE = "licence";

  /** The most models one licence may list: bounds the record and each check. */
  public static final int MAX_MODELS = 64;

  private Licences() {}

  /** The calling licensing authority issues a licence for exports from its own country. */
  public static ExportLicence issue(LedgerState state, IssueLicenceRequest request) {
    Organization authority = Membership.require(state, Role.ROLE_LICENSING);
    String id = Checks.id("licence id", request.getLicenceId());
    Checks.require(
        find(state, id).isEmpty(), ErrorCode.LICENCE_EXISTS, "licence " + id + " already exists");
    Membership.get(state, Checks.id("exporter", request.getExporterOrg()));
    String country = Checks.country("destination country", request.getDestinationCountry());
    Organization destination =
        Membership.get(state, Checks.id("destination organisation", request.getDestinationOrg()));
    Checks.require(
        destination.getCountry().equals(country),
        ErrorCode.MALFORMED_ARGUMENT,
        "organisation "
            + destination.getOrgId()
            + " is in "
            + destination.getCountry()
            + ", not "
            + country);
    Checks.require(
        !country.equals(authority.getCountry()),
        ErrorCode.MALFORMED_ARGUMENT,
        "a licence is for exports: the destination must lie outside " + authority.getCountry());
    coverage(state, request);
    Checks.require(
        request.getQuantity() > 0, ErrorCode.MALFORMED_ARGUMENT, "a licence needs a quantity");
    Checks.require(
        request.hasExpiresAt() && Times.compare(state.txTime(), request.getExpiresAt()) < 0,
        ErrorCode.MALFORMED_ARGUMENT,
        "a licence needs an expiry after its issue");
    ExportLicence licence =
        ExportLicence.newBuilder()
            .setLicenceId(id)
            .setIssuerOrg(authority.getOrgId())
            .setExportingCountry(authority.getCountry())
            .setExporterOrg(request.getExporterOrg())
            .setDestinationCountry(country)
            .setDestinationOrg(destination.getOrgId())
            .addAllModels(request.getModelsList())
            .setMinTpp(request.getMinTpp())
            .setMaxTpp(request.getMaxTpp())
            .setQuantity(request.getQuantity())
            .setIssuedAt(state.txTime())
            .setExpiresAt(request.getExpiresAt())
            .build();
    return save(state, licence);
  }

  /** What a licence covers: registered models, a TPP range, or both; never nothing. */
  private static void coverage(LedgerState state, IssueLicenceRequest request) {
    Checks.require(
        request.getModelsCount() <= MAX_MODELS,
        ErrorCode.MALFORMED_ARGUMENT,
        "a licence lists at most " + MAX_MODELS + " models");
    for (String model : request.getModelsList()) {
      Checks.require(
          ModelRegistry.find(state, Checks.id("model", model)).isPresent(),
          ErrorCode.MODEL_NOT_REGISTERED,
          "model " + model + " is not registered");
    }
    double min = request.getMinTpp();
    double max = request.getMaxTpp();
    Checks.require(
        Double.isFinite(min)
            && Double.isFinite(max)
            && min >= 0
            && max >= 0
            && (max == 0 ? min == 0 : min <= max),
        ErrorCode.MALFORMED_ARGUMENT,
        "the TPP range must be 0 <= min <= max, or unset");
    Checks.require(
        request.getModelsCount() > 0 || max > 0,
        ErrorCode.MALFORMED_ARGUMENT,
        "a licence must name chip models or a TPP range");
  }

  /** The issuing authority revokes a licence: no export may use it afterwards. */
  public static ExportLicence revoke(LedgerState state, RevokeLicenceRequest request) {
    Organization authority = Membership.require(state, Role.ROLE_LICENSING);
    ExportLicence licence = get(state, request.getLicenceId());
    Checks.require(
        licence.getIssuerOrg().equals(authority.getOrgId()),
        ErrorCode.UNAUTHORIZED_ROLE,
        "licence "
            + licence.getLicenceId()
            + " was issued by "
            + licence.getIssuerOrg()
            + "; only it may revoke it");
    Checks.require(
        !licence.getRevoked(),
        ErrorCode.LICENCE_REVOKED,
        "licence " + licence.getLicenceId() + " is already revoked");
    return save(
        state,
        licence.toBuilder()
            .setRevoked(true)
            .setRevokedAt(state.txTime())
            .setRevokeReason(request.getReason())
            .build());
  }

  /** A licence on the ledger. */
  public static ExportLicence get(LedgerState state, String licenceId) {
    return find(state, Checks.id("licence id", licenceId))
        .orElseThrow(
            () ->
                new RuleViolation(
                    ErrorCode.LICENCE_NOT_FOUND, "no licence " + licenceId + " on the ledger"));
  }

  /** A licence, for members. */
  public static ExportLicence view(LedgerState state, String licenceId) {
    Membership.requireMember(state);
    return get(state, licenceId);
  }

  public static Optional<ExportLicence> find(LedgerState state, String licenceId) {
    return Records.load(state, key(licenceId), ExportLicence.parser());
  }

  /**
   * Checks that the licence the shipment names covers it at the transaction's time; returns it, or
   * nothing for a paper licence the policy still accepts.
   */
  public static Optional<ExportLicence> cover(LedgerState state, Policy policy, Shipment shipment) {
    Optional<ExportLicence> found = find(state, Checks.id("licence", shipment.licenceId()));
    if (found.isEmpty()) {
      Checks.require(
          policy.getPaperLicencesAccepted(),
          ErrorCode.LICENCE_NOT_FOUND,
          "licence " + shipment.licenceId() + " is not on the ledger");
      return found;
    }
    ExportLicence licence = found.get();
    String id = licence.getLicenceId();
    Checks.require(
        !licence.getRevoked(), ErrorCode.LICENCE_REVOKED, "licence " + id + " is revoked");
    Checks.require(
        Times.compare(state.txTime(), licence.getExpiresAt()) < 0,
        ErrorCode.LICENCE_EXPIRED,
        "licence " + id + " expired at " + licence.getExpiresAt().getSeconds() + " (epoch s)");
    LicenceTerms.requireCovers(licence, shipment);
    long left = (long) licence.getQuantity() - licence.getExported();
    Checks.require(
        shipment.controlled().size() <= left,
        ErrorCode.LICENCE_EXHAUSTED,
        "licence "
            + id
            + " has "
            + left
            + " chips left; the shipment has "
            + shipment.controlled().size()
            + " controlled chips");
    return found;
  }

  /** Checks the licence at export clearance and consumes the shipment's controlled chips. */
  public static void consume(LedgerState state, Policy policy, Shipment shipment) {
    cover(state, policy, shipment)
        .ifPresent(
            licence ->
                state.put(
                    key(licence.getLicenceId()),
                    licence.toBuilder()
                        .setExported(licence.getExported() + shipment.controlled().size())
                        .build()
                        .toByteArray()));
  }

  private static ExportLicence save(LedgerState state, ExportLicence licence) {
    state.put(key(licence.getLicenceId()), licence.toByteArray());
    Events.emit(state, LedgerEvent.newBuilder().setLicenceChanged(licence));
    return licence;
  }

  static String key(String licenceId) {
    return CompositeKeys.of(LICENCE, licenceId);
  }

  /** Whether a chip is of a model the licence lists or within its TPP range. */
  static boolean covers(ExportLicence licence, Chip chip) {
    return licence.getModelsList().contains(chip.getModel())
        || (licence.getMaxTpp() > 0
            && chip.getTpp() >= licence.getMinTpp()
            && chip.getTpp() <= licence.getMaxTpp());
  }
}
