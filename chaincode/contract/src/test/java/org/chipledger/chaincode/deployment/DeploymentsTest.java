package org.chipledger.chaincode.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.ChipStatus;
import org.chipledger.proto.ledger.v1.DeployChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterSiteRequest;
import org.chipledger.proto.ledger.v1.UndeployChipsRequest;
import org.junit.jupiter.api.Test;

class DeploymentsTest {
  private final World world = new World();
  private final List<String> chips = world.registerLot(world.fabUs, "US", 3, 5000);

  DeploymentsTest() {
    var transfer = world.propose(world.fabUs, "dc-us", chips, "");
    world.tx(
        world.dcUs,
        s -> org.chipledger.chaincode.custody.Transfers.accept(s, World.action(transfer)));
    site("us-east", "US");
    site("sg-annex", "SG");
  }

  private void site(String id, String country) {
    world.tx(
        world.dcUs,
        s ->
            Deployments.registerSite(
                s,
                RegisterSiteRequest.newBuilder()
                    .setSiteId(id)
                    .setCountry(country)
                    .setName(id)
                    .build()));
  }

  private static DeployChipsRequest deploy(List<String> serials, String site) {
    return DeployChipsRequest.newBuilder()
        .addAllSerials(serials)
        .setSiteId(site)
        .setClusterId("c1")
        .build();
  }

  @Test
  void holderDeploysAtItsOwnSiteInTheChipsCountry() {
    world.tx(world.dcUs, s -> Deployments.deploy(s, deploy(chips, "us-east")));
    assertThat(world.chip(chips.get(0)).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_DEPLOYED);
    assertThat(world.chip(chips.get(0)).getSiteId()).isEqualTo("us-east");
    world.tx(
        world.dcUs,
        s ->
            Deployments.undeploy(
                s, UndeployChipsRequest.newBuilder().addAllSerials(chips).build()));
    assertThat(world.chip(chips.get(0)).getStatus()).isEqualTo(ChipStatus.CHIP_STATUS_ACTIVE);
    assertThat(world.chip(chips.get(0)).getSiteId()).isEmpty();
  }

  @Test
  void deploymentInAnotherCountryIsRejected() {
    world.rejected(
        ErrorCode.WRONG_COUNTRY, world.dcUs, s -> Deployments.deploy(s, deploy(chips, "sg-annex")));
  }

  @Test
  void deploymentRulesProtectSitesAndChips() {
    world.rejected(
        ErrorCode.SITE_NOT_FOUND, world.dcUs, s -> Deployments.deploy(s, deploy(chips, "nowhere")));
    world.rejected(
        ErrorCode.NOT_SITE_OPERATOR,
        world.dcSg,
        s -> Deployments.deploy(s, deploy(chips, "us-east")));
    world.rejected(
        ErrorCode.SITE_EXISTS,
        world.dcUs,
        s ->
            Deployments.registerSite(
                s, RegisterSiteRequest.newBuilder().setSiteId("us-east").setCountry("US").build()));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE,
        world.fabUs,
        s -> Deployments.deploy(s, deploy(chips, "us-east")));
    world.rejected(
        ErrorCode.CHIP_NOT_AVAILABLE,
        world.dcUs,
        s ->
            Deployments.undeploy(
                s, UndeployChipsRequest.newBuilder().addAllSerials(chips).build()));
    world.tx(world.dcUs, s -> Deployments.deploy(s, deploy(chips, "us-east")));
    world.rejected(
        ErrorCode.CHIP_NOT_AVAILABLE,
        world.dcUs,
        s -> Deployments.deploy(s, deploy(chips, "us-east")));
  }
}
