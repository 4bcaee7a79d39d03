package org.chipledger.client.cast;

import org.chipledger.chaincode.membership.Roles;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.proto.ledger.v1.Role;

/**
 * One organisation of the demo story.
 *
 * @param orgId the org attribute of its certificates and its id on the ledger
 * @param mspId the MSP that issues its certificates
 * @param country where it is
 * @param role what it does
 * @param name a human name
 */
public record Member(String orgId, String mspId, String country, Role role, String name) {

  /**
   * This member's identity in {@code store}, named {@code org.role} and issued by its MSP's CA on
   * first use: an organisation that holds two roles acts through one certificate per role.
   */
  Identity identityIn(IdentityStore store) {
    String role = Roles.attribute(role());
    String identity = orgId + "." + role;
    return store
        .find(mspId, identity)
        .orElseGet(() -> store.issue(mspId, identity, orgId, role, country));
  }
}
