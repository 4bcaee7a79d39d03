package org.chipledger.chaincode.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.chaincode.testing.World;
import org.chipledger.proto.ledger.v1.BootstrapRequest;
import org.chipledger.proto.ledger.v1.CountryPair;
import org.chipledger.proto.ledger.v1.InspectionParameters;
import org.chipledger.proto.ledger.v1.Policy;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  private final World world = new World();

  @Test
  void bootstrapMakesTheCallerTheConsortiumAdministrator() {
    Policy policy = world.tx(world.admin, Policies::current);
    assertThat(policy.getConsortiumOrgId()).isEqualTo("treaty");
    assertThat(policy.getVersion()).isEqualTo(1);
  }

  @Test
  void secondBootstrapIsRejected() {
    world.rejected(
        ErrorCode.POLICY_ALREADY_SET,
        world.admin,
        s -> Policies.bootstrap(s, BootstrapRequest.getDefaultInstance()));
  }

  @Test
  void onlyTheConsortiumAdminMaySetPolicy() {
    Policy next =
        world.tx(world.admin, Policies::current).toBuilder().setMaxTransitDays(30).build();
    world.rejected(ErrorCode.UNAUTHORIZED_ROLE, world.fabTw, s -> Policies.set(s, next));
    var rogueAdmin = World.caller("TWMSP", "tw-admin", "admin", "TW");
    world.rejected(ErrorCode.UNKNOWN_ORGANIZATION, rogueAdmin, s -> Policies.set(s, next));

    Policy stored = world.tx(world.admin, s -> Policies.set(s, next));
    assertThat(stored.getVersion()).isEqualTo(2);
    assertThat(stored.getMaxTransitDays()).isEqualTo(30);
    assertThat(stored.getConsortiumOrgId()).isEqualTo("treaty");
  }

  @Test
  void invalidPoliciesAreRejected() {
    Policy valid = world.tx(world.admin, Policies::current);
    world.rejected(
        ErrorCode.INVALID_POLICY,
        world.admin,
        s -> Policies.set(s, valid.toBuilder().setControlledTppThreshold(0).build()));
    world.rejected(
        ErrorCode.INVALID_POLICY,
        world.admin,
        s ->
            Policies.set(
                s,
                valid.toBuilder()
                    .setInspection(InspectionParameters.newBuilder().setDetectionProbability(1.5))
                    .build()));
    world.rejected(
        ErrorCode.MALFORMED_ARGUMENT,
        world.admin,
        s ->
            Policies.set(
                s,
                valid.toBuilder()
                    .addLicenceRequired(
                        CountryPair.newBuilder().setFromCountry("tw").setToCountry("*"))
                    .build()));
  }

  @Test
  void licencePairsMatchWildcards() {
    Policy policy =
        Policy.newBuilder()
            .addLicenceRequired(CountryPair.newBuilder().setFromCountry("US").setToCountry("*"))
            .build();
    assertThat(Policies.licenceRequired(policy, "US", "SG")).isTrue();
    assertThat(Policies.licenceRequired(policy, "TW", "SG")).isFalse();
  }
}
