package org.chipledger.chaincode.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chipledger.chaincode.chip.ChipRegistry;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.RegisterChipsRequest;
import org.chipledger.proto.ledger.v1.RegisterOrganizationRequest;
import org.chipledger.proto.ledger.v1.Role;
import org.junit.jupiter.api.Test;

class MembershipTest {
  private final World world = new World();

  private static RegisterOrganizationRequest.Builder org(String id, String msp) {
    return RegisterOrganizationRequest.newBuilder()
        .setOrgId(id)
        .setMspId(msp)
        .setName(id)
        .setCountry("TW")
        .addRoles(Role.ROLE_FAB)
        .setCaCertPem(World.FAKE_CA);
  }

  @Test
  void registeredOrganisationsAreListed() {
    assertThat(world.tx(world.admin, Membership::all))
        .extracting(o -> o.getOrgId())
        .contains("treaty", "fab-tw", "dc-sg");
  }

  @Test
  void duplicateOrganisationIsRejected() {
    world.rejected(
        ErrorCode.ORGANIZATION_EXISTS,
        world.admin,
        s -> Membership.register(s, org("fab-tw", "TWMSP").build()));
  }

  @Test
  void anMspKeepsTheRootCaItWasRegisteredWith() {
    world.rejected(
        ErrorCode.IDENTITY_MISMATCH,
        world.admin,
        s ->
            Membership.register(
                s,
                org("fab-tw2", "TWMSP")
                    .setCaCertPem("-----BEGIN CERTIFICATE-----\nOTHER\n-----END CERTIFICATE-----")
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s -> Membership.register(s, org("newcomer", "NewMSP").setCaCertPem("").build()));
  }

  @Test
  void malformedRegistrationsAreRejected() {
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s -> Membership.register(s, org("bad\u0000id", "TWMSP").build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s -> Membership.register(s, org("x", "TWMSP").setCountry("Taiwan").build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s -> Membership.register(s, org("x", "TWMSP").clearRoles().build()));
  }

  @Test
  void certificateAttributesMustMatchTheRegisteredOrganisation() {
    RegisterChipsRequest lot =
        RegisterChipsRequest.newBuilder().setLotId("L1").addChips(World.spec("S1", 5000)).build();
    world.rejected(
        ErrorCode.UNKNOWN_ORGANIZATION,
        World.caller("TWMSP", "ghost", "fab", "TW"),
        s -> ChipRegistry.register(s, lot));
    world.rejected(
        ErrorCode.IDENTITY_MISMATCH,
        World.caller("USMSP", "fab-tw", "fab", "TW"),
        s -> ChipRegistry.register(s, lot));
    world.rejected(
        ErrorCode.IDENTITY_MISMATCH,
        World.caller("TWMSP", "fab-tw", "fab", "US"),
        s -> ChipRegistry.register(s, lot));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE,
        World.caller("TWMSP", "customs-tw", "fab", "TW"),
        s -> ChipRegistry.register(s, lot));
    world.rejected(
        ErrorCode.UNAUTHORIZED_ROLE,
        World.caller("TWMSP", "fab-tw", "", "TW"),
        s -> ChipRegistry.register(s, lot));
  }

  @Test
  void roleAttributesMapBothWays() {
    for (Role role : List.of(Role.ROLE_FAB, Role.ROLE_CUSTOMS, Role.ROLE_INSPECTOR)) {
      assertThat(Roles.fromAttribute(Roles.attribute(role))).contains(role);
    }
    assertThat(Roles.fromAttribute("emperor")).isEmpty();
    assertThat(Roles.fromAttribute("unspecified")).isEmpty();
  }
}
