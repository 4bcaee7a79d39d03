package org.chipledger.client.cast;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.IdentityStore;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerClient;

/**
 * A cast's ledger connections on one backend: one client per organisation, or per role of an
 * organisation, opened on first use and closed with the cast.
 */
final class CastClients {
  private final IdentityStore identities;
  private final Function<Identity, Ledger> connect;
  private final Map<String, LedgerClient> clients = new ConcurrentHashMap<>();

  CastClients(IdentityStore identities, Function<Identity, Ledger> connect) {
    this.identities = identities;
    this.connect = connect;
  }

  /** The identity the story's organisation {@code orgId} acts as. */
  Identity identity(String orgId) {
    Member member = Cast.member(orgId);
    return identities.load(member.mspId(), member.orgId());
  }

  LedgerClient as(String orgId) {
    return clients.computeIfAbsent(orgId, id -> new LedgerClient(connect.apply(identity(id))));
  }

  LedgerClient as(Member member) {
    return clients.computeIfAbsent(
        member.orgId() + "." + member.role(),
        key -> new LedgerClient(connect.apply(member.identityIn(identities))));
  }

  void close() {
    clients.values().forEach(LedgerClient::close);
  }
}
