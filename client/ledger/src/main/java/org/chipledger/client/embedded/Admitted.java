package org.chipledger.client.embedded;

import java.security.cert.X509Certificate;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.chipledger.proto.ledger.v1.TxProposal;

/**
 * A transaction that passed admission: well-formed, signed by a certificate that chains to its
 * MSP's trusted root.
 */
record Admitted(SignedTx signed, TxProposal proposal, X509Certificate creator) {
  String txId() {
    return proposal.getTxId();
  }
}
