package org.chipledger.client.fabric;

import java.time.Duration;
import java.util.Optional;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;

/**
 * Sends an endorsed transaction to ordering so that a committed transaction is never reported as
 * failed and never ordered twice. In BFT mode the gateway can answer {@code UNAVAILABLE:
 * insufficient number of orderers could successfully process transaction} for a transaction that a
 * quorum did order (the other orderers answered "request already processed"). So an unavailable or
 * timed-out submit is followed by a bounded wait for the transaction's commit status; only if none
 * comes is the <em>same</em> signed envelope sent again: its transaction id makes a second copy
 * invalid on every peer, so a resubmission can never apply the rules twice.
 */
final class Ordering {

  /** Where a transaction's commit status is read from: the peers' commit status service. */
  interface CommitLookup {
    /** The transaction's status once committed, or empty when it has not committed in time. */
    Optional<Ordered> await(String transactionId, Duration wait) throws CommitStatusException;
  }

  /**
   * A transaction that reached a block, valid or not.
   *
   * @param status its validation code and block
   * @param commitRequest the signed commit status request, to ask other peers about it too
   */
  record Ordered(Status status, byte[] commitRequest) {}

  private final CommitLookup lookup;
  private final Duration wait;
  private final int resubmits;

  /**
   * @param wait how long each commit status lookup waits for the transaction's block
   * @param resubmits how many times the same envelope may be sent again when no status comes
   */
  Ordering(CommitLookup lookup, Duration wait, int resubmits) {
    this.lookup = lookup;
    this.wait = wait;
    this.resubmits = resubmits;
  }

  /** Orders {@code transaction} and waits for its block on the gateway's peer. */
  Ordered order(String function, Transaction transaction)
      throws SubmitException, CommitStatusException {
    for (int send = 0; ; send++) {
      try {
        SubmittedTransaction submitted = transaction.submitAsync();
        return new Ordered(submitted.getStatus(), submitted.getBytes());
      } catch (SubmitException e) {
        if (!GatewayErrors.outcomeUnknown(e.getStatus().getCode())) {
          throw e;
        }
        Optional<Ordered> known = lookup.await(transaction.getTransactionId(), wait);
        if (known.isPresent()) {
          return known.get();
        }
        if (send >= resubmits) {
          throw new LedgerException(
              ErrorCode.LEDGER_UNAVAILABLE,
              function
                  + ": the orderers did not take transaction "
                  + transaction.getTransactionId()
                  + " after "
                  + (send + 1)
                  + " sends and no peer committed it within "
                  + wait.toSeconds()
                  + " s of each ("
                  + e.getStatus().getCode()
                  + ": "
                  + e.getStatus().getDescription()
                  + "); its outcome is unknown: look the id up before submitting anew",
              e);
        }
      }
    }
  }
}
