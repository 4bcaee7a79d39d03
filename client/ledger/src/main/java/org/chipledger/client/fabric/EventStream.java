package org.chipledger.client.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.FileCheckpointer;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running subscription to the chipledger chaincode's events with a durable checkpoint: each event
 * is recorded in the checkpoint file after the listener returns, so delivery is at least once and a
 * restarted stream resumes after the last event handled. A broken connection is reopened from the
 * checkpoint with backoff.
 */
public final class EventStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final Backoff RECONNECT =
      new Backoff(Integer.MAX_VALUE, Duration.ofMillis(500), Duration.ofSeconds(15));

  private final Network network;
  private final String chaincode;
  private final long startBlock;
  private final FileCheckpointer checkpointer;
  private final Consumer<FabricEvent> listener;
  private final Thread thread;
  // Counted down by close(); waiting on it instead of interrupting the thread, because an interrupt
  // closes the checkpoint's FileChannel mid-write (ClosedByInterruptException).
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile CloseableIterator<ChaincodeEvent> current;

  private EventStream(
      Network network,
      String chaincode,
      long startBlock,
      FileCheckpointer checkpointer,
      Consumer<FabricEvent> listener) {
    this.network = network;
    this.chaincode = chaincode;
    this.startBlock = startBlock;
    this.checkpointer = checkpointer;
    this.listener = listener;
    this.thread = new Thread(this::run, "chipledger-fabric-events");
    thread.setDaemon(true);
  }

  static EventStream start(
      Network network,
      String chaincode,
      Path checkpointFile,
      long startBlock,
      Consumer<FabricEvent> listener) {
    FileCheckpointer checkpointer;
    try {
      checkpointer = new FileCheckpointer(checkpointFile);
    } catch (IOException e) {
      throw new LedgerException(
          ErrorCode.INTERNAL,
          "cannot open event checkpoint " + checkpointFile + ": " + e.getMessage(),
          e);
    }
    EventStream stream = new EventStream(network, chaincode, startBlock, checkpointer, listener);
    stream.thread.start();
    return stream;
  }

  private void run() {
    int failures = 0;
    while (!closed()) {
      // Resume position: the checkpoint if it has one, which overrides the start block.
      try (CloseableIterator<ChaincodeEvent> events =
          network
              .newChaincodeEventsRequest(chaincode)
              .startBlock(startBlock)
              .checkpoint(checkpointer)
              .build()
              .getEvents()) {
        current = events;
        while (!closed() && events.hasNext()) {
          deliver(events.next());
          failures = 0;
        }
      } catch (GatewayRuntimeException e) {
        if (closed()) {
          return;
        }
        failures++;
        LOG.warn(
            "event stream broke, reopening from the checkpoint: {}",
            GatewayErrors.of("events", e).getMessage());
        if (awaitClose(RECONNECT.delay(failures))) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        // Not checkpointed, so a new stream on the same file delivers this event again.
        LOG.error("event stream stopped: the listener or the checkpoint failed", e);
        return;
      }
    }
  }

  private boolean closed() {
    return closing.getCount() == 0;
  }

  /** Waits up to {@code timeout}; true if the stream was closed meanwhile. */
  private boolean awaitClose(Duration timeout) {
    try {
      return closing.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void deliver(ChaincodeEvent event) throws IOException {
    try {
      listener.accept(
          new FabricEvent(event.getBlockNumber(), LedgerEvent.parseFrom(event.getPayload())));
    } catch (InvalidProtocolBufferException e) {
      LOG.warn(
          "skipping event {} of transaction {}: not a LedgerEvent",
          event.getEventName(),
          event.getTransactionId());
    }
    checkpointer.checkpointChaincodeEvent(event);
  }

  /** Stops delivery and closes the checkpoint file; waits for an event being delivered. */
  @Override
  public void close() {
    closing.countDown();
    CloseableIterator<ChaincodeEvent> events = current;
    if (events != null) {
      events.close();
    }
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      checkpointer.close();
    } catch (IOException e) {
      LOG.warn("cannot close event checkpoint: {}", e.getMessage());
    }
  }
}
