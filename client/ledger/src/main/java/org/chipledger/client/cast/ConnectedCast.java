package org.chipledger.client.cast;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.identity.LedgerConnector;
import org.chipledger.client.ledger.LedgerClient;

/**
 * A cast whose members act through the identities in one store, connected on one backend: one
 * client per organisation, or per role of an organisation, opened on first use and closed with the
 * cast.
 */
abstract class ConnectedCast implements Cast {
  final IdentityStore identities;
  private final LedgerConnector ledger;
  private final Map<String, LedgerClient> clients = new ConcurrentHashMap<>();

  ConnectedCast(IdentityStore identities, LedgerConnector ledger) {
    this.identities = identities;
    this.ledger = ledger;
  }

  /** The identity the story's organisation {@code orgId} acts as. */
  public Identity identity(String orgId) {
    Member member = Cast.member(orgId);
    return identities.load(member.mspId(), member.orgId());
  }

  @Override
  public LedgerClient as(String orgId) {
    return clients.computeIfAbsent(orgId, id -> new LedgerClient(ledger.connect(identity(id))));
  }

  @Override
  public LedgerClient as(Member member) {
    return clients.computeIfAbsent(
        member.orgId() + "." + member.role(),
        key -> new LedgerClient(ledger.connect(member.identityIn(identities))));
  }

  /** Closes the members' clients, then the ledger. */
  @Override
  public void close() {
    clients.values().forEach(LedgerClient::close);
    ledger.close();
  }
}
