package org.chipledger.client.cast;

import java.nio.file.Path;
import java.util.Map;
import org.chipledger.chaincode.membership.Roles;
import org.chipledger.client.embedded.BlockCommitment;
import org.chipledger.client.embedded.EmbeddedLedger;
import org.chipledger.client.identity.CertificateAuthority;
import org.chipledger.client.identity.IdentityStore;

/**
 * The story's cast on a new embedded ledger: one CA per MSP (each organisation's and each
 * country's), one identity per organisation, and the treaty MSP trusted in the genesis block.
 */
public final class EmbeddedCast extends ConnectedCast {
  private final EmbeddedLedger ledger;

  private EmbeddedCast(EmbeddedLedger ledger, IdentityStore identities) {
    super(identities, ledger);
    this.ledger = ledger;
  }

  /**
   * Issues the cast's identities under {@code identitiesDir} and creates the ledger in {@code
   * ledgerDir}.
   */
  public static EmbeddedCast create(Path identitiesDir, Path ledgerDir) {
    return create(identitiesDir, ledgerDir, BlockCommitment.SIGNED_STATE);
  }

  /** As {@link #create(Path, Path)}, with block headers that commit to {@code commitment}. */
  public static EmbeddedCast create(
      Path identitiesDir, Path ledgerDir, BlockCommitment commitment) {
    IdentityStore identities = new IdentityStore(identitiesDir);
    Cast.everyone()
        .forEach(
            m -> {
              if (identities.ca(m.mspId()).isEmpty()) {
                identities.createCa(m.mspId());
              }
              identities.issue(
                  m.mspId(), m.orgId(), m.orgId(), Roles.attribute(m.role()), m.country());
            });
    // The countries' MSPs exist on a Fabric channel too; a test may register an organisation there.
    Cast.COUNTRY_MSPS.stream()
        .filter(msp -> identities.ca(msp).isEmpty())
        .forEach(identities::createCa);
    CertificateAuthority treaty = identities.ca(ADMIN.mspId()).orElseThrow();
    EmbeddedLedger ledger =
        EmbeddedLedger.create(
            ledgerDir, Map.of(ADMIN.mspId(), treaty.certificatePem()), commitment);
    return new EmbeddedCast(ledger, identities);
  }

  /** Reopens a cast that {@link #create} made: its identities and its ledger as they were left. */
  public static EmbeddedCast open(Path identitiesDir, Path ledgerDir) {
    return new EmbeddedCast(EmbeddedLedger.open(ledgerDir), new IdentityStore(identitiesDir));
  }

  public EmbeddedLedger ledger() {
    return ledger;
  }

  @Override
  public String rootCaPem(String mspId) {
    return identities.ca(mspId).orElseThrow().certificatePem();
  }
}
