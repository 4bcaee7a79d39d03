package org.chipledger.client.fabric;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.chipledger.proto.ledger.v1.TxCommitEvidence;
import org.hyperledger.fabric.client.CallOption;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Commit;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * The {@link Ledger} on a Fabric channel through fabric-gateway: endorsement by the channel's
 * policy (the gateway picks the peers), ordering, and a wait until every org's peer has committed
 * it, so any member's next call sees it. Transactions invalidated by a concurrent one (MVCC or
 * phantom read conflicts) are endorsed again with backoff.
 */
public final class FabricLedger implements Ledger {
  // The peers' query system chaincode, which answers for the channel's chain itself.
  private static final String QSCC = "qscc";

  // Up to about a minute in all: gossip spreads the peers' state every few seconds.
  private static final Backoff DISCOVERY_BACKOFF =
      new Backoff(20, Duration.ofMillis(250), Duration.ofSeconds(4));

  // How long a submit the orderers answered as unavailable waits for its block before the same
  // envelope is sent again: several BFT batch timeouts, and a view change.
  private static final Duration ORDERING_WAIT = Duration.ofSeconds(20);

  private final Gateway gateway;
  private final List<Gateway> otherPeers;
  private final Network network;
  private final Contract contract;
  private final String chaincode;
  private final Backoff conflictBackoff;
  private final String[] targetOrgs;
  private final Ordering ordering = new Ordering(this::commitStatus, ORDERING_WAIT, 2);

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
      Transaction transaction;
      try {
        // A new proposal every try: the rules run again against the state that won the conflict.
        transaction = endorse(function, arguments);
        Ordering.Ordered ordered = ordering.order(function, transaction);
        status = ordered.status();
        if (status.isSuccessful()) {
          awaitEverywhere(ordered.commitRequest());
        }
      } catch (GatewayException e) {
        throw GatewayErrors.of(function, e);
      }
      if (status.isSuccessful()) {
        return new Committed(
            status.getTransactionId(), status.getBlockNumber(), transaction.getResult());
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
   * The transaction's status on the gateway's peer, waiting at most {@code wait} for its block. The
   * request is built here because a failed submit returns no commit handle.
   */
  private Optional<Ordering.Ordered> commitStatus(String transactionId, Duration wait)
      throws CommitStatusException {
    Identity identity = gateway.getIdentity();
    CommitStatusRequest request =
        CommitStatusRequest.newBuilder()
            .setChannelId(network.getName())
            .setTransactionId(transactionId)
            .setIdentity(
                SerializedIdentity.newBuilder()
                    .setMspid(identity.getMspId())
                    .setIdBytes(ByteString.copyFrom(identity.getCredentials()))
                    .build()
                    .toByteString())
            .build();
    Commit commit =
        gateway.newCommit(
            SignedCommitStatusRequest.newBuilder()
                .setRequest(request.toByteString())
                .build()
                .toByteArray());
    try {
      Status status = commit.getStatus(CallOption.deadlineAfter(wait.toMillis(), MILLISECONDS));
      return Optional.of(new Ordering.Ordered(status, commit.getBytes()));
    } catch (CommitStatusException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Endorses the transaction, waiting while the gateway cannot yet find peers that satisfy the
   * endorsement policy (see {@link GatewayErrors#lacksEndorsers}).
   */
  private Transaction endorse(String function, String[] arguments) throws EndorseException {
    for (int attempt = 1; ; attempt++) {
      try {
        return proposal(contract, function, arguments).endorse();
      } catch (EndorseException e) {
        if (!GatewayErrors.lacksEndorsers(e) || !DISCOVERY_BACKOFF.allowsRetryAfter(attempt)) {
          throw e;
        }
        DISCOVERY_BACKOFF.pause(attempt);
      }
    }
  }

  private Proposal proposal(Contract target, String function, String... arguments) {
    Proposal.Builder proposal = target.newProposal(function).addArguments(arguments);
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
      return proposal(contract, function, args.toArray(String[]::new)).evaluate();
    } catch (GatewayException e) {
      throw GatewayErrors.of(function, e);
    }
  }

  /**
   * The height of the channel as the peer that answers queries sees it (qscc {@code GetChainInfo}),
   * so that a replay up to it matches what the next queries read.
   */
  @Override
  public long chainHeight() {
    byte[] info;
    try {
      info = proposal(network.getContract(QSCC), "GetChainInfo", network.getName()).evaluate();
    } catch (GatewayException e) {
      throw GatewayErrors.of("GetChainInfo", e);
    }
    try {
      return BlockchainInfo.parseFrom(info).getHeight();
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(ErrorCode.INTERNAL, "unreadable chain info from qscc", e);
    }
  }

  /**
   * The block that holds transaction {@code txId}, as the gateway peer stores it (qscc {@code
   * GetBlockByTxID}), with the orderers' signatures in its metadata: the chip checks those against
   * the channel's consenters. Empty if the peer does not know the transaction.
   */
  @Override
  public Optional<TxCommitEvidence> commitEvidence(String txId) {
    byte[] bytes;
    try {
      bytes =
          proposal(network.getContract(QSCC), "GetBlockByTxID", network.getName(), txId).evaluate();
    } catch (GatewayException e) {
      // qscc answers an unknown transaction id with an error, not an empty block.
      return Optional.empty();
    }
    Block block;
    try {
      block = Block.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(ErrorCode.INTERNAL, "unreadable block from qscc", e);
    }
    int index = BlockEvents.indexOf(block, txId);
    return index < 0
        ? Optional.empty()
        : Optional.of(
            TxCommitEvidence.newBuilder()
                .setTxIndex(index)
                .setFabricBlock(ByteString.copyFrom(bytes))
                .build());
  }

  /**
   * Reads the channel's full blocks from the gateway peer, from the genesis block to block {@code
   * height - 1}. Blocks, unlike chaincode events, arrive whether or not they hold an event, so the
   * replay knows when it is done.
   */
  @Override
  public void replayEvents(long height, Consumer<LedgerEvent> sink) {
    if (height <= 0) {
      return;
    }
    try (CloseableIterator<Block> blocks =
        network.newBlockEventsRequest().startBlock(0).build().getEvents()) {
      for (long next = 0; next < height; next++) {
        if (!blocks.hasNext()) {
          throw new LedgerException(
              ErrorCode.LEDGER_UNAVAILABLE, "the block stream ended before block " + next);
        }
        Block block = blocks.next();
        if (block.getHeader().getNumber() != next) {
          throw new LedgerException(
              ErrorCode.INTERNAL,
              "the peer sent block " + block.getHeader().getNumber() + " for block " + next);
        }
        BlockEvents.of(block, chaincode).forEach(event -> sink.accept(event.event()));
      }
    } catch (GatewayRuntimeException e) {
      throw GatewayErrors.of("block events", e);
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
