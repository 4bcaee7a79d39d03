package org.chipledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed chaincode events, read back from the stored transaction records. Subscribers are fed on
 * one background thread, block by block from their starting block, so the backlog and live events
 * arrive the same way, in order, and a slow listener never holds up commits.
 */
final class EventFeed {
  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

  private final LedgerStore store;
  private final LongSupplier height;
  private final List<Feed> feeds = new CopyOnWriteArrayList<>();
  private final ExecutorService notifier =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "chipledger-events");
            thread.setDaemon(true);
            return thread;
          });

  EventFeed(LedgerStore store, LongSupplier height) {
    this.store = store;
    this.height = height;
  }

  /** Up to {@code max} events from blocks at or after {@code fromBlock}, in chain order. */
  List<CommittedEvent> events(long fromBlock, int max) {
    List<CommittedEvent> events = new ArrayList<>();
    try (ReadOptions read = new ReadOptions();
        RocksIterator records = store.iterator(store.txs, read)) {
      for (records.seek(new TxPosition(Math.max(fromBlock, 0), 0).bytes());
          records.isValid() && events.size() < max;
          records.next()) {
        TxPosition position = TxPosition.of(records.key());
        eventOf(position.block(), records.value(), events);
      }
    }
    return events;
  }

  Subscription subscribe(long fromBlock, Consumer<CommittedEvent> listener) {
    Feed feed = new Feed(Math.max(fromBlock, 1), listener);
    feeds.add(feed);
    notifier.execute(() -> feed.deliverUpTo(height.getAsLong()));
    return feed::close;
  }

  /** Called after each block commit. */
  void published(long newHeight) {
    if (!feeds.isEmpty()) {
      notifier.execute(() -> feeds.forEach(feed -> feed.deliverUpTo(newHeight)));
    }
  }

  /** Delivers what is already queued, then stops the notifier thread. */
  void close() {
    notifier.shutdown();
    try {
      if (!notifier.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("event listeners still busy after 30 s; closing without them");
        notifier.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      notifier.shutdownNow();
    }
    feeds.clear();
  }

  private static void eventOf(long block, byte[] recordBytes, List<CommittedEvent> into) {
    try {
      TxRecord record = TxRecord.parseFrom(recordBytes);
      if (!record.getEventName().isEmpty()) {
        TxProposal proposal = TxProposal.parseFrom(record.getTx().getProposal());
        into.add(
            new CommittedEvent(
                block,
                proposal.getTxId(),
                record.getEventName(),
                record.getEventPayload().toByteArray()));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(
          ErrorCode.INTERNAL, "unreadable transaction record in block " + block, e);
    }
  }

  /** One subscriber and the next block it has not seen; touched only by the notifier thread. */
  private final class Feed {
    private long nextBlock;
    private final Consumer<CommittedEvent> listener;

    /** Held while the listener runs, so that close() can wait out a delivery in progress. */
    private final ReentrantLock delivering = new ReentrantLock();

    private volatile boolean closed;

    Feed(long nextBlock, Consumer<CommittedEvent> listener) {
      this.nextBlock = nextBlock;
      this.listener = listener;
    }

    void deliverUpTo(long height) {
      while (nextBlock < height && !closed) {
        for (CommittedEvent event : blockEvents(nextBlock)) {
          delivering.lock();
          try {
            if (closed) {
              return;
            }
            listener.accept(event);
          } catch (RuntimeException e) {
            LOG.warn("event listener failed on {} in block {}", event.name(), event.block(), e);
          } finally {
            delivering.unlock();
          }
        }
        nextBlock++;
      }
    }

    /** Stops delivery; once this returns the listener is not running and will not run again. */
    void close() {
      closed = true;
      feeds.remove(this);
      delivering.lock(); // reentrant: a listener may close its own subscription
      delivering.unlock();
    }

    private List<CommittedEvent> blockEvents(long block) {
      List<CommittedEvent> events = new ArrayList<>();
      try (ReadOptions read = new ReadOptions();
          RocksIterator records = store.iterator(store.txs, read)) {
        for (records.seek(new TxPosition(block, 0).bytes());
            records.isValid() && TxPosition.of(records.key()).block() == block;
            records.next()) {
          eventOf(block, records.value(), events);
        }
      }
      return events;
    }
  }
}
