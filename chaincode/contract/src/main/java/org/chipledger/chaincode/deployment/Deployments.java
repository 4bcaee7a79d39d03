package org.chipledger.chaincode.deployment;

import org.chipledger.chaincode.chip.ChipStore;
import org.chipledger.chaincode.ledger.Checks;
import org.chipledger.chaincode.ledger.CompositeKeys;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.ledger.Events;
import org.chipledger.chaincode.ledger.LedgerState;
import org.chipledger.chaincode.ledger.Records;
import org.chipledger.chaincode.ledger.RuleViolation;
import org.chipledger.chaincode.membership.Membership;
import org.chipledger.proto.ledger.v1.Chip;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.ChipsStatusChanged;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.Organization;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.Role;
import org.chipledger.proto.ledger.v1.Site;
import org.chipledger.proto.ledger.v1.SiteRegistered;
import org.chipledger.proto.ledger.v1.UndeployChipsRequest;

/**
 * Datacenter sites and the chips deployed there. A chip is deployed only by its holder, at one of
 * the holder's sites, in the country where the ledger says the chip is.
 */
public final class Deployments {
  private static final String SITE = "site";

  private Deployments() {}

  public static Site registerSite(LedgerState state, RegisterSiteRequest request) {
    Organization operator = Membership.require(state, Role.ROLE_DATACENTER);
    Checks.id("site id", request.getSiteId());
    Checks.country("site country", request.getCountry());
    Checks.require(
        state.get(siteKey(request.getSiteId())).isEmpty(),
        ErrorCode.SITE_EXISTS,
        "site " + request.getSiteId() + " is already registered");
    Site site =
        Site.newBuilder()
            .setSiteId(request.getSiteId())
            .setOperatorOrg(operator.getOrgId())
            .setCountry(request.getCountry())
            .setName(request.getName())
            .setRegisteredAt(state.txTime())
            .build();
    state.put(siteKey(site.getSiteId()), site.toByteArray());
    Events.emit(
        state,
        LedgerEvent.newBuilder()
            .setSiteRegistered(
                SiteRegistered.newBuilder()
                    .setSiteId(site.getSiteId())
                    .setCountry(site.getCountry())));
    return site;
  }

  public static Site site(LedgerState state, String siteId) {
    return Records.load(state, siteKey(Checks.id("site id", siteId)), Site.parser())
        .orElseThrow(() -> new RuleViolation(ErrorCode.SITE_NOT_FOUND, "no site " + siteId));
  }

  public static ChipsStatusChanged deploy(LedgerState state, DeployChipsRequest request) {
    Organization operator = Membership.require(state, Role.ROLE_DATACENTER);
    Checks.serials(request.getSerialsList());
    Site site = site(state, request.getSiteId());
    Checks.require(
        site.getOperatorOrg().equals(operator.getOrgId()),
        ErrorCode.NOT_SITE_OPERATOR,
        "site " + site.getSiteId() + " is operated by " + site.getOperatorOrg());
    Checks.id("cluster id", request.getClusterId());
    for (String serial : request.getSerialsList()) {
      Chip before = held(state, serial, operator);
      Checks.require(
          before.getCountry().equals(site.getCountry()),
          ErrorCode.WRONG_COUNTRY,
          "chip "
              + serial
              + " is in "
              + before.getCountry()
              + " but site "
              + site.getSiteId()
              + " is in "
              + site.getCountry());
      ChipStore.update(
          state,
          before,
          before.toBuilder()
              .setStatus(ChipStatus.CHIP_STATUS_DEPLOYED)
              .setSiteId(site.getSiteId())
              .setClusterId(request.getClusterId()));
    }
    return emit(state, request.getSerialsList(), ChipStatus.CHIP_STATUS_DEPLOYED, site.getSiteId());
  }

  public static ChipsStatusChanged undeploy(LedgerState state, UndeployChipsRequest request) {
    Organization operator = Membership.require(state, Role.ROLE_DATACENTER);
    Checks.serials(request.getSerialsList());
    for (String serial : request.getSerialsList()) {
      Chip before = held(state, serial, operator);
      Checks.require(
          before.getStatus() == ChipStatus.CHIP_STATUS_DEPLOYED,
          ErrorCode.CHIP_NOT_AVAILABLE,
          "chip " + serial + " is not deployed");
      ChipStore.update(
          state,
          before,
          before.toBuilder()
              .setStatus(ChipStatus.CHIP_STATUS_ACTIVE)
              .clearSiteId()
              .clearClusterId());
    }
    return emit(state, request.getSerialsList(), ChipStatus.CHIP_STATUS_ACTIVE, "undeployed");
  }

  private static Chip held(LedgerState state, String serial, Organization operator) {
    Chip chip = ChipStore.get(state, serial);
    Checks.require(
        chip.getHolderOrg().equals(operator.getOrgId()),
        ErrorCode.NOT_HOLDER,
        "chip " + serial + " is held by " + chip.getHolderOrg() + ", not " + operator.getOrgId());
    return chip;
  }

  private static ChipsStatusChanged emit(
      LedgerState state, java.util.List<String> serials, ChipStatus status, String reason) {
    ChipsStatusChanged change =
        ChipsStatusChanged.newBuilder()
            .addAllSerials(serials)
            .setStatus(status)
            .setReason(reason)
            .build();
    Events.emit(state, LedgerEvent.newBuilder().setChipsStatusChanged(change));
    return change;
  }

  private static String siteKey(String siteId) {
    return CompositeKeys.of(SITE, siteId);
  }
}
