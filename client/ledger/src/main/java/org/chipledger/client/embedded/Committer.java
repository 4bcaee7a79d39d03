package org.chipledger.client.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.Committed;
import org.chipledger.client.ledger.LedgerException;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;

/**
 * The single thread that orders and commits transactions. It group-commits: it takes whatever is
 * queued (up to a bound), runs each transaction in order into one block, writes the block with one
 * synced RocksDB write, and only then answers the callers. One fsync is thus shared by the whole
 * group, and nothing is acknowledged before it is durable.
 */
final class Committer {
  private static final int MAX_BLOCK_TXS = 512;
  // Caps the memory of one block when transactions carry large lots.
  private static final long MAX_BLOCK_BYTES = 64L << 20;
  private static final Pending STOP = new Pending(null, new CompletableFuture<>());

  private final LedgerStore store;
  private final NodeKey nodeKey;
  private final LongConsumer onCommitted;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final ReadOptions committedReads = new ReadOptions();
  private final Thread thread;
  // Only the committer thread advances the chain; height publishes it to other threads.
  private long blocks;
  private volatile long height;
  private ChainTip tip;
  private volatile LedgerException failure;

  /**
   * @param tip the last block of the chain
   * @param nodeKey signs each header; null for {@link BlockCommitment#NONE}
   * @param onCommitted told the new height after each block
   */
  Committer(LedgerStore store, ChainTip tip, NodeKey nodeKey, LongConsumer onCommitted) {
    this.store = store;
    this.nodeKey = nodeKey;
    this.blocks = tip.height();
    this.height = tip.height();
    this.tip = tip;
    this.onCommitted = onCommitted;
    this.thread = new Thread(this::run, "chipledger-committer-" + store.dir().getFileName());
    thread.setDaemon(true);
    thread.start();
  }

  long height() {
    return height;
  }

  /** Queues an admitted transaction; the future completes once its block is durable. */
  CompletableFuture<Committed> enqueue(Admitted tx) {
    LedgerException failed = failure;
    if (failed != null) {
      throw failed;
    }
    Pending pending = new Pending(tx, new CompletableFuture<>());
    queue.add(pending);
    // The committer may have died between the check and the add; then nobody will take it.
    if (failure != null && queue.remove(pending)) {
      pending.result().completeExceptionally(failure);
    }
    return pending.result();
  }

  /** Commits everything queued so far, then stops. The caller must have stopped enqueueing. */
  void stop() {
    queue.add(STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while draining the commit queue", e);
    }
    committedReads.close();
  }

  private void run() {
    try {
      boolean stopped = false;
      while (!stopped) {
        Pending first = queue.take();
        stopped = first.isStop() || commitBlock(first);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // Whatever ended the loop, no caller may wait forever.
      if (failure == null) {
        failure = new LedgerException(ErrorCode.LEDGER_UNAVAILABLE, "the ledger is closed");
      }
      for (Pending left = queue.poll(); left != null; left = queue.poll()) {
        if (!left.isStop()) {
          left.result().completeExceptionally(failure);
        }
      }
    }
  }

  /** Builds, writes and acknowledges one block; true if the stop marker was reached. */
  private boolean commitBlock(Pending first) {
    List<Pending> group = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    boolean stop = false;
    boolean committedAny;
    try (BlockBuilder block = new BlockBuilder(store, blocks, committedReads, nodeKey)) {
      Pending next = first;
      while (true) {
        group.add(next);
        outcomes.add(execute(block, next.tx()));
        if (block.size() >= MAX_BLOCK_TXS || block.dataSize() >= MAX_BLOCK_BYTES) {
          break;
        }
        next = queue.poll();
        if (next == null || next.isStop()) {
          stop = next != null;
          break;
        }
      }
      committedAny = !block.isEmpty();
      if (committedAny) {
        ChainTip sealed = block.seal(tip);
        block.write();
        tip = sealed;
        blocks++;
        height = blocks;
      }
    } catch (RocksDBException | RuntimeException | Error e) {
      // The block's fate on disk is unknown to this process: refuse further work until reopened,
      // and answer the block's callers before this thread goes.
      failure =
          new LedgerException(
              ErrorCode.LEDGER_UNAVAILABLE,
              "writing block " + blocks + " failed; reopen the ledger: " + e,
              e);
      group.forEach(p -> p.result().completeExceptionally(failure));
      if (e instanceof Error error) {
        throw error;
      }
      return true;
    }
    for (int i = 0; i < group.size(); i++) {
      outcomes.get(i).answer(group.get(i).result());
    }
    if (committedAny) {
      onCommitted.accept(blocks);
    }
    return stop;
  }

  /** The committed transaction, or the rejection (which leaves the block untouched). */
  private static Outcome execute(BlockBuilder block, Admitted tx) throws RocksDBException {
    try {
      return new Outcome(block.execute(tx), null);
    } catch (LedgerException e) {
      return new Outcome(null, e);
    }
  }

  /** What to tell a caller once the block is durable: exactly one of the two is set. */
  private record Outcome(Committed committed, LedgerException rejection) {
    void answer(CompletableFuture<Committed> result) {
      if (committed != null) {
        result.complete(committed);
      } else {
        result.completeExceptionally(rejection);
      }
    }
  }

  /**
   * A queued transaction and the caller's pending answer; without a transaction, the stop marker.
   */
  private record Pending(Admitted tx, CompletableFuture<Committed> result) {
    boolean isStop() {
      return tx == null;
    }
  }
}
