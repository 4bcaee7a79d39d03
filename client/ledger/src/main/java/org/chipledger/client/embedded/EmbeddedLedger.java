package org.chipledger.client.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.ArrivalOrder;
import org.chipledger.client.identity.Identity;
import org.chipledger.client.identity.LedgerConnector;
import org.chipledger.client.identity.TrustCheck;
import org.chipledger.client.identity.VerifierPool;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.Ledger;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.ChainAnchor;
import org.chipledger.proto.ledger.v1.SignedTx;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;

/**
 * A durable, hash-chained, single-node ledger in one directory that runs the chipledger contracts
 * in-process over RocksDB.
 *
 * <p>Transactions are checked (format, tx id, creator certificate, signature, a lot's chip keys) on
 * a bounded pool of one thread per core, then, in arrival order, executed serially by one committer
 * thread that group-commits them into blocks while the pool checks the next ones; {@link #submit}
 * returns only once the block is synced to disk. The native RocksDB library is extracted at first
 * use; set {@code ROCKSDB_SHAREDLIB_DIR} to choose where.
 *
 * <pre>{@code
 * try (EmbeddedLedger ledger = EmbeddedLedger.open(dir)) {
 *   Committed tx = ledger.connect(identity).submit("chip:RegisterChips", List.of(request));
 * }
 * }</pre>
 */
public final class EmbeddedLedger implements LedgerConnector {
  private final LedgerStore store;
  private final TrustCheck trust = new TrustCheck();
  private final Admission admission;
  private final EventFeed events;
  private final Committer committer;
  private final VerifierPool verifiers;
  private final ArrivalOrder arrivals = new ArrivalOrder();
  // Readers are calls that touch the database outside the committer; close() waits them out.
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private EmbeddedLedger(
      LedgerStore store,
      Map<String, String> genesisMsps,
      ChainTip tip,
      NodeKey nodeKey,
      VerifierPool verifiers) {
    this.store = store;
    this.admission = new Admission(genesisMsps, store, trust);
    this.events = new EventFeed(store, this::height);
    this.committer = new Committer(store, tip, nodeKey, events::published);
    this.verifiers =
        verifiers != null
            ? verifiers
            : VerifierPool.sizedToCores("chipledger-verify-" + store.dir().getFileName());
  }

  /**
   * Creates a ledger whose genesis block trusts the given MSPs (MSP id → root CA PEM) and names a
   * new node key. Fails if {@code dir} already holds a ledger.
   */
  public static EmbeddedLedger create(Path dir, Map<String, String> genesisMsps) {
    return create(dir, genesisMsps, BlockCommitment.SIGNED_STATE);
  }

  /** As {@link #create(Path, Map)}, with headers that commit to {@code commitment}. */
  public static EmbeddedLedger create(
      Path dir, Map<String, String> genesisMsps, BlockCommitment commitment) {
    return create(dir, genesisMsps, commitment, null);
  }

  /**
   * As {@link #create(Path, Map)}, verifying on {@code verifiers} (null: one sized to the cores).
   */
  static EmbeddedLedger create(
      Path dir,
      Map<String, String> genesisMsps,
      BlockCommitment commitment,
      VerifierPool verifiers) {
    var genesis = Genesis.record(genesisMsps);
    LedgerStore store = LedgerStore.create(dir);
    try (ReadOptions read = new ReadOptions()) {
      NodeKey nodeKey = commitment == BlockCommitment.SIGNED_STATE ? NodeKey.create(dir) : null;
      try (BlockBuilder block = new BlockBuilder(store, 0, read, nodeKey)) {
        block.appendConfiguration(genesis);
        ChainTip tip = block.seal(ChainTip.EMPTY);
        block.write();
        return new EmbeddedLedger(store, genesisMsps, tip, nodeKey, verifiers);
      }
    } catch (RocksDBException | RuntimeException e) {
      store.close();
      throw new IllegalStateException(
          "cannot write the genesis block in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reopens an existing ledger, first replaying into the state store any block it missed; fails if
   * {@code dir} holds none.
   *
   * @throws LedgerException STATE_STORE_UNAVAILABLE if the state store is missing, unreadable or
   *     from another log (see {@link #rebuildState}); BLOCK_LOG_CORRUPT if the log's last header is
   *     unreadable or the log is shorter than the state store
   */
  public static EmbeddedLedger open(Path dir) {
    LedgerStore store = LedgerStore.open(dir);
    try (ReadOptions read = new ReadOptions()) {
      ChainTip tip = ChainTip.read(store, read);
      byte[] nodeKey = Genesis.nodeKey(store);
      StateRebuild.catchUp(store, tip);
      return new EmbeddedLedger(
          store,
          Genesis.read(store),
          tip,
          nodeKey.length == 0 ? null : NodeKey.load(dir, nodeKey),
          null);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Verifies the whole block log of the (closed) ledger in {@code dir} and rebuilds its state store
   * from it; the old store, if any, is moved aside. A bad block changes nothing.
   *
   * @throws LedgerException BLOCK_LOG_CORRUPT naming the first bad block
   */
  public static RebuildReport rebuildState(Path dir) {
    return StateRebuild.rebuild(dir, new TrustCheck());
  }

  public static boolean exists(Path dir) {
    return LedgerStore.exists(dir);
  }

  /** A session that signs as {@code identity}; closing it leaves this ledger open. */
  @Override
  public Ledger connect(Identity identity) {
    return new EmbeddedSession(this, identity);
  }

  /**
   * Builds and signs a proposal without submitting it: offline signing, as a client on another
   * machine would, and what {@link #submit(SignedTx)} later accepts.
   */
  public static SignedTx sign(Identity identity, String function, List<String> args) {
    return Proposals.signed(identity, function, args);
  }

  /**
   * Validates and commits a signed transaction, returning once it is durable. Rejections are {@link
   * LedgerException}s: MALFORMED_ARGUMENT, UNTRUSTED_IDENTITY, BAD_SIGNATURE,
   * DUPLICATE_TRANSACTION, or the contract's own code; a rejected transaction changes nothing.
   */
  public Committed submit(SignedTx tx) {
    return joinInCaller(whileOpen(() -> admitInOrder(tx)), "commit");
  }

  /**
   * The result of {@code work}, waited for in the caller's thread; a refusal is rethrown here so
   * its stack trace shows the caller, anything else is INTERNAL.
   */
  private static <T> T joinInCaller(CompletableFuture<T> work, String what) {
    try {
      return work.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof LedgerException rejected) {
        throw new LedgerException(rejected.code(), rejected.getMessage(), rejected);
      }
      throw new LedgerException(
          ErrorCode.INTERNAL, what + " failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Verifies on the pool, then hands the admitted transaction to the committer in arrival order:
   * the committer executes and syncs one group while the pool verifies the next, and the block
   * order does not depend on which pool thread finished first.
   */
  private CompletableFuture<Committed> admitInOrder(SignedTx tx) {
    CompletableFuture<Committed> result = new CompletableFuture<>();
    long ticket = arrivals.ticket();
    CompletableFuture<Admitted> checked;
    try {
      checked =
          verifiers.submit(
              () -> {
                Admitted admitted = admission.admit(tx);
                Admission.prewarmChipKeys(admitted.proposal());
                admission.prewarmSnapshotSignatures(admitted.proposal());
                return admitted;
              });
    } catch (RejectedExecutionException e) {
      arrivals.release(ticket, () -> {});
      throw new LedgerException(
          ErrorCode.LEDGER_BUSY,
          "the ledger's verification queue is full; nothing was checked or changed, retry later");
    }
    checked.whenComplete(
        (admitted, failure) -> arrivals.release(ticket, () -> enqueue(admitted, failure, result)));
    return result;
  }

  /** The committer's step for one verified transaction; runs in arrival order. */
  private void enqueue(Admitted admitted, Throwable failure, CompletableFuture<Committed> result) {
    if (failure != null) {
      result.completeExceptionally(
          failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
      return;
    }
    try {
      if (store.txPosition(admitted.txId()).isPresent()) {
        throw new LedgerException(
            ErrorCode.DUPLICATE_TRANSACTION,
            "transaction " + admitted.txId() + " is already committed");
      }
      committer
          .enqueue(admitted)
          .whenComplete(
              (committed, error) -> {
                if (error != null) {
                  result.completeExceptionally(error);
                } else {
                  result.complete(committed);
                }
              });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  /** Runs a signed query against committed state and returns its payload; records nothing. */
  public byte[] evaluate(SignedTx tx) {
    return whileOpen(
        () -> {
          Admitted admitted = verified(tx);
          try (LedgerStore.Snapshot snapshot = store.snapshot()) {
            StateView view =
                new StateView(store, snapshot.state(), snapshot.log(), new GroupOverlay());
            return Execution.run(admitted.proposal(), view).payload();
          }
        });
  }

  /** Admission on the pool, for a query: the caller waits, but does not verify. */
  private Admitted verified(SignedTx tx) {
    CompletableFuture<Admitted> checked;
    try {
      checked = verifiers.submit(() -> admission.admit(tx));
    } catch (RejectedExecutionException e) {
      throw new LedgerException(
          ErrorCode.LEDGER_BUSY, "the ledger's verification queue is full; retry later");
    }
    return joinInCaller(checked, "check");
  }

  /** Blocks in the chain, including the genesis block. */
  public long height() {
    return committer.height();
  }

  /**
   * Re-walks and re-checks the whole chain and compares the state store with it; see {@link
   * VerifyReport}.
   */
  public VerifyReport verify() {
    return whileOpen(() -> new ChainVerifier(store, trust).verify(null));
  }

  /**
   * As {@link #verify()}, and the log must contain the anchored block.
   *
   * @throws LedgerException MALFORMED_ARGUMENT if the anchor is not one signed header
   */
  public VerifyReport verify(ChainAnchor anchor) {
    return whileOpen(() -> new ChainVerifier(store, trust).verify(anchor));
  }

  /**
   * Verifies the (closed) ledger in {@code dir} without opening it for work: no catch-up, no node
   * key needed, so that a log whose tip was tampered with can still be examined.
   *
   * @param anchor an exported tip the log must contain, or null
   * @throws LedgerException STATE_STORE_UNAVAILABLE if the state store will not open,
   *     MALFORMED_ARGUMENT for an anchor that is not one signed header
   */
  public static VerifyReport verify(Path dir, ChainAnchor anchor) {
    try (LedgerStore store = LedgerStore.open(dir)) {
      return new ChainVerifier(store, new TrustCheck()).verify(anchor);
    }
  }

  /**
   * As {@link #verify(Path, ChainAnchor)}, and the log must contain every one of the anchored
   * blocks (for example every tip anchored on a Fabric channel).
   */
  public static VerifyReport verifyAgainst(Path dir, List<ChainAnchor> anchors) {
    try (LedgerStore store = LedgerStore.open(dir)) {
      return new ChainVerifier(store, new TrustCheck()).verifyAll(anchors);
    }
  }

  /** The signed tip of the chain, to keep apart from the ledger. */
  public ChainAnchor anchor() {
    return whileOpen(
        () -> {
          try (ReadOptions read = new ReadOptions()) {
            return Anchors.export(store, read);
          }
        });
  }

  /**
   * The signed header of the block that holds transaction {@code txId}, with that transaction's
   * record and the hashes of the block's records: what a holder of the node key needs to check that
   * the transaction committed. Empty for an unknown transaction.
   */
  public java.util.Optional<org.chipledger.proto.ledger.v1.TxCommitEvidence> commitEvidence(
      String txId) {
    return whileOpen(() -> CommitEvidence.read(store, txId));
  }

  /** Up to {@code max} committed events from block {@code fromBlock} on, in chain order. */
  public List<CommittedEvent> events(long fromBlock, int max) {
    return whileOpen(() -> events.events(fromBlock, max));
  }

  /**
   * Delivers every event from block {@code fromBlock} on, committed or yet to come, in order, on a
   * background thread, until the subscription or the ledger is closed.
   */
  public Subscription subscribe(long fromBlock, Consumer<CommittedEvent> listener) {
    return whileOpen(() -> events.subscribe(fromBlock, listener));
  }

  /** Commits everything already submitted, then releases the database. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    // Queued checks read the store and feed the committer: both must outlive them.
    verifiers.close();
    committer.stop();
    events.close();
    lifecycle.writeLock().lock();
    try {
      store.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  boolean isCommitted(String txId) {
    return whileOpen(() -> store.txPosition(txId).isPresent());
  }

  private <T> T whileOpen(Supplier<T> action) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new LedgerException(
            ErrorCode.LEDGER_UNAVAILABLE, "the ledger in " + store.dir() + " is closed");
      }
      return action.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }
}
