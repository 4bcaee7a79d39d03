package org.chipledger.client.fabric;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerException;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;

/**
 * The {@link Ledger} on a Fabric channel through fabric-gateway: endorsement by the channel's
 * policy (the gateway picks the peers), ordering, and a wait until every org's peer has committed
 * it, so any member's next call sees it. Transactions invalidated by a concurrent one (MVCC or
 * phantom read conflicts) are endorsed again with backoff.
 */
public final class FabricLedger implements Ledger {
  // Up to about a minute in all: gossip spreads the peers' state every few seconds.
  private static final Backoff DISCOVERY_BACKOFF =
      new Backoff(20, Duration.ofMillis(250), Duration.ofSeconds(4));

  private final Gateway gateway;
  private final List<Gateway> otherPeers;
  private final Network network;
  private final Contract contract;
  private final String chaincode;
  private final Backoff conflictBackoff;
  private final String[] targetOrgs;

  /**
   * @param targetOrgs the only orgs whose peers endorse and evaluate; empty lets the gateway pick
   */
  FabricLedger(
      Gateway gateway,
      List<Gateway> otherPeers,
      String channel,
      String chaincode,
      Backoff conflictBackoff,
      List<String> targetOrgs) {
    this.gateway = gateway;
    this.otherPeers = List.copyOf(otherPeers);
    this.network = gateway.getNetwork(channel);
    this.contract = network.getContract(chaincode);
    this.chaincode = chaincode;
    this.conflictBackoff = conflictBackoff;
    this.targetOrgs = targetOrgs.toArray(String[]::new);
  }

  @Override
  public Committed submit(String function, List<String> args) {
    String[] arguments = args.toArray(String[]::new);
    for (int attempt = 1; ; attempt++) {
      Status status;
      SubmittedTransaction submitted;
      try {
        // A new proposal every try: the rules run again against the state that won the conflict.
        submitted = endorse(function, arguments).submitAsync();
        status = submitted.getStatus();
        if (status.isSuccessful()) {
          awaitEverywhere(submitted.getBytes());
        }
      } catch (GatewayException e) {
        throw GatewayErrors.of(function, e);
      }
      if (status.isSuccessful()) {
        return new Committed(
            status.getTransactionId(), status.getBlockNumber(), submitted.getResult());
      }
      if (!GatewayErrors.isConflict(status.getCode())
          || !conflictBackoff.allowsRetryAfter(attempt)) {
        throw GatewayErrors.commitFailed(
            function, status.getTransactionId(), status.getCode(), attempt);
      }
      conflictBackoff.pause(attempt);
      if (Thread.currentThread().isInterrupted()) {
        throw new LedgerException(
            ErrorCode.LEDGER_UNAVAILABLE,
            function + " interrupted while retrying after " + status.getCode());
      }
    }
  }

  /**
   * Endorses the transaction, waiting while the gateway cannot yet find peers that satisfy the
   * endorsement policy (see {@link GatewayErrors#lacksEndorsers}).
   */
  private Transaction endorse(String function, String[] arguments) throws EndorseException {
    for (int attempt = 1; ; attempt++) {
      try {
        return proposal(function, arguments).endorse();
      } catch (EndorseException e) {
        if (!GatewayErrors.lacksEndorsers(e) || !DISCOVERY_BACKOFF.allowsRetryAfter(attempt)) {
          throw e;
        }
        DISCOVERY_BACKOFF.pause(attempt);
      }
    }
  }

  private Proposal proposal(String function, String[] arguments) {
    Proposal.Builder proposal = contract.newProposal(function).addArguments(arguments);
    if (targetOrgs.length > 0) {
      proposal.setEndorsingOrganizations(targetOrgs);
    }
    return proposal.build();
  }

  /**
   * Waits until every other org's peer that is up has committed the transaction too. Without this,
   * the next step of a story, endorsed by peers that lag a block behind, would not see this one
   * (e.g. an accept failing with TRANSFER_NOT_FOUND right after the proposal committed). A peer
   * that is down is skipped: it catches up from the orderers when it returns, and one org's outage
   * must not fail every other org's transactions.
   */
  private void awaitEverywhere(byte[] signedCommitStatusRequest) throws CommitStatusException {
    for (Gateway peer : otherPeers) {
      try {
        peer.newCommit(signedCommitStatusRequest).getStatus();
      } catch (CommitStatusException e) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE) {
          throw e;
        }
      }
    }
  }

  @Override
  public byte[] evaluate(String function, List<String> args) {
    try {
      return proposal(function, args.toArray(String[]::new)).evaluate();
    } catch (GatewayException e) {
      throw GatewayErrors.of(function, e);
    }
  }

  /**
   * Streams the chaincode's events to {@code listener} on a background thread. Progress is recorded
   * in {@code checkpointFile} after each delivered event, so a later stream with the same file
   * resumes right after it; a new file starts at {@code startBlock}. Close the stream to stop.
   */
  public EventStream events(Path checkpointFile, long startBlock, Consumer<FabricEvent> listener) {
    return EventStream.start(network, chaincode, checkpointFile, startBlock, listener);
  }

  /** Closes this identity's gateway; the network's channels stay open. */
  @Override
  public void close() {
    gateway.close();
    otherPeers.forEach(Gateway::close);
  }
}
