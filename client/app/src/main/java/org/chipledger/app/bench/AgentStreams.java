package org.chipledger.app.bench;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/**
 * The hosts' gRPC streams to the snapshot agent, each with a window of unacknowledged records, and
 * the count of what was sent, acknowledged and refused.
 */
final class AgentStreams {
  private final int window;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicReference<String> firstRejection = new AtomicReference<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<StreamObserver<SignedSnapshotRecord>> streams = new ArrayList<>();
  private final List<Semaphore> windows = new ArrayList<>();

  AgentStreams(int window) {
    this.window = window;
  }

  /** Opens {@code count} streams to the agent on {@code port}. */
  void connect(int port, LinkSecurity.TlsFiles tls, int count) {
    for (int s = 0; s < count; s++) {
      ManagedChannel channel = tls.channelTo("127.0.0.1", port);
      channels.add(channel);
      Semaphore slots = new Semaphore(window);
      windows.add(slots);
      streams.add(
          open(
              channel,
              ack -> {
                if (ack.getAccepted()) {
                  acked.incrementAndGet();
                } else {
                  rejected.incrementAndGet();
                  firstRejection.compareAndSet(null, ack.getErrorCode() + ": " + ack.getDetail());
                }
                slots.release();
              },
              t -> firstRejection.compareAndSet(null, "stream failed: " + t),
              () -> {}));
    }
  }

  /**
   * Opens a Submit stream on {@code channel} whose acks, failure and end go to the three handlers.
   */
  static StreamObserver<SignedSnapshotRecord> open(
      ManagedChannel channel,
      Consumer<SubmitAck> onAck,
      Consumer<Throwable> onError,
      Runnable onCompleted) {
    return SnapshotIngestGrpc.newStub(channel)
        .submit(
            new StreamObserver<>() {
              @Override
              public void onNext(SubmitAck ack) {
                onAck.accept(ack);
              }

              @Override
              public void onError(Throwable t) {
                onError.accept(t);
              }

              @Override
              public void onCompleted() {
                onCompleted.run();
              }
            });
  }

  /** Sends chip {@code chip}'s record, waiting for room in its stream's window. */
  void send(int chip, SignedSnapshotRecord signed) throws InterruptedException {
    int s = chip % streams.size(); // one stream per chip keeps its records in order
    windows.get(s).acquire();
    StreamObserver<SignedSnapshotRecord> stream = streams.get(s);
    synchronized (stream) {
      stream.onNext(signed);
    }
    sent.incrementAndGet();
  }

  /** Waits, bounded, for every record's ack, then closes the streams; fails if any was refused. */
  void drain() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (acked.get() + rejected.get() < sent.get() && System.nanoTime() < deadline) {
      Thread.sleep(100); // waiting for the agent's acks, bounded
    }
    streams.forEach(StreamObserver::onCompleted);
    channels.forEach(ManagedChannel::shutdownNow);
    if (rejected.get() > 0) {
      throw new IllegalStateException(
          rejected.get() + " records refused, first: " + firstRejection.get());
    }
  }

  long sent() {
    return sent.get();
  }

  long acked() {
    return acked.get();
  }
}
