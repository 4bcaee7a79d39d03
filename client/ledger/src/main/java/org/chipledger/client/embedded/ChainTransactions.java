package org.chipledger.client.embedded;

import java.security.cert.X509Certificate;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.chipledger.proto.ledger.v1.TxRecord;

/**
 * Re-checks a chain's transactions in chain order: each one's creator against the MSP roots trusted
 * at that point, and its signature. (The tx-id index is compared as a whole with one rebuilt from
 * the log.)
 */
final class ChainTransactions {
  private final TrustCheck trust;
  private final MspRootHistory roots = new MspRootHistory();
  private long count;

  ChainTransactions(TrustCheck trust) {
    this.trust = trust;
  }

  /** Transactions checked so far, the genesis block's excepted. */
  long count() {
    return count;
  }

  /** The problem with the record at {@code position}, or null if there is none. */
  String check(TxPosition position, TxRecord record) {
    if (position.block() == 0) {
      roots.genesis(record);
      return null;
    }
    count++;
    String problem = checkTransaction(position, record);
    if (problem == null) {
      roots.learn(record.getWritesList());
    }
    return problem;
  }

  private String checkTransaction(TxPosition position, TxRecord record) {
    try {
      TxProposal proposal = Admission.parse(record.getTx());
      X509Certificate creator = trust.parseCreator(proposal.getCreator().toByteArray());
      String mspId = Admission.mspId(proposal);
      String root = roots.rootOf(mspId);
      if (root == null) {
        return "transaction " + position + " was signed by MSP " + mspId + ", not a member then";
      }
      trust.requireIssuedBy(creator, root, Proposals.instant(proposal.getTimestamp()));
      if (!trust.verifySignature(
          creator,
          record.getTx().getProposal().toByteArray(),
          record.getTx().getSignature().toByteArray())) {
        return "transaction " + position + " has a bad signature";
      }
      return null;
    } catch (LedgerException e) {
      return "transaction " + position + ": " + e.getMessage();
    }
  }
}
