package org.chipledger.client.cast;

import java.nio.file.Path;
import org.chipledger.chaincode.membership.Roles;
import org.chipledger.client.fabric.FabricNetwork;
import org.chipledger.client.fabric.MemberOrg;
import org.chipledger.client.fabric.NetworkCa;
import org.chipledger.client.fabric.PeerOrg;
import org.chipledger.client.identity.IdentityStore;

/**
 * The story's cast on a running Fabric network: each member's identity is issued by the cryptogen
 * CA of its MSP (the same MSP names the network uses), with its org, role and country attributes.
 *
 * <p>The story starts with {@code policy:Bootstrap}, which succeeds once per channel: play it on a
 * freshly purged network ({@code network.sh down --purge; network.sh up}); on a channel that has
 * already been bootstrapped it fails with {@code POLICY_ALREADY_SET}.
 */
public final class FabricCast extends ConnectedCast {
  private final FabricNetwork network;

  private FabricCast(FabricNetwork network, IdentityStore identities) {
    super(identities, network);
    this.network = network;
  }

  /**
   * Imports the network's org CAs into an identity store at {@code identitiesDir} and issues the
   * members' identities there, keeping those already issued by the same CAs. Closing the cast
   * closes the network.
   */
  public static FabricCast create(FabricNetwork network, Path identitiesDir) {
    IdentityStore identities = new IdentityStore(identitiesDir);
    for (PeerOrg org : network.config().orgs().values()) {
      NetworkCa.trust(identities, org);
    }
    for (MemberOrg org : network.config().members().values()) {
      NetworkCa.trust(identities, org);
    }
    Cast.everyone()
        .filter(m -> identities.find(m.mspId(), m.orgId()).isEmpty())
        .forEach(
            m ->
                identities.issue(
                    m.mspId(), m.orgId(), m.orgId(), Roles.attribute(m.role()), m.country()));
    return new FabricCast(network, identities);
  }

  public FabricNetwork network() {
    return network;
  }

  @Override
  public String rootCaPem(String mspId) {
    return identities
        .ca(mspId)
        .orElseThrow(() -> new IllegalArgumentException("no org " + mspId + " in the network"))
        .certificatePem();
  }
}
