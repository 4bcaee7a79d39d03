package org.chipledger.firmware;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.snapshot.v1.InclusionProof;
import org.chipledger.proto.snapshot.v1.InclusionProofRequest;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chip's gRPC link to the snapshot agent: one bidirectional {@code Submit} stream, one record
 * in flight at a time, each awaited for at most the ack timeout. A stream that fails, ends, misses
 * an ack deadline or answers for the wrong record is dropped; the next record opens a fresh one, so
 * the link reconnects by itself.
 *
 * <p>Every ack must carry the agent's signature under the agent key the chip was given, over
 * exactly the chip serial, counter, verdict and record hash it states, and must name the record
 * just sent. Any other ack is refused: logged, counted, the stream dropped, and the record stays
 * unacknowledged in NVRAM for the next attempt. So a fake agent, or anyone between chip and agent,
 * cannot make the chip forget records the real agent never made durable.
 */
public final class AgentLink implements Uplink {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);

  private final ManagedChannel channel;
  private final Duration ackTimeout;
  private final PublicKey agentKey;
  private final AtomicLong refusedAcks = new AtomicLong();
  private Stream stream; // guarded by this
  private boolean hadFailure; // guarded by this

  /**
   * A link over {@code channel}, which it owns and shuts down on {@link #close()}, that takes only
   * acks signed by {@code agentKey}.
   */
  public AgentLink(ManagedChannel channel, Duration ackTimeout, PublicKey agentKey) {
    if (ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("ack timeout must be positive: " + ackTimeout);
    }
    this.channel = channel;
    this.ackTimeout = ackTimeout;
    this.agentKey = Objects.requireNonNull(agentKey, "the agent's ack key");
  }

  /**
   * A link to the agent at {@code address}, secured as {@code security} says, that takes only acks
   * signed by {@code agentKey}.
   */
  public static AgentLink connect(
      AgentAddress address, LinkSecurity security, PublicKey agentKey, Duration ackTimeout)
      throws IOException {
    return new AgentLink(security.channelTo(address.host(), address.port()), ackTimeout, agentKey);
  }

  public Duration ackTimeout() {
    return ackTimeout;
  }

  /** Acks refused so far: unsigned, signed by another key, or about another record. */
  public long refusedAcks() {
    return refusedAcks.get();
  }

  @Override
  public synchronized Delivery deliver(SignedSnapshotRecord record) {
    Stream current = stream;
    if (current == null || current.isClosed()) {
      if (hadFailure) {
        // The chip retries at its next snapshot, not whenever gRPC's backoff would allow.
        channel.resetConnectBackoff();
      }
      current = open();
      stream = current;
    }
    CompletableFuture<SubmitAck> answer = current.expect();
    try {
      current.requests.onNext(record);
    } catch (RuntimeException e) {
      drop(current, "send failed: " + e.getMessage());
      return new Delivery.LinkFailed("send failed: " + e.getMessage());
    }
    try {
      SubmitAck ack = answer.get(ackTimeout.toNanos(), TimeUnit.NANOSECONDS);
      String refusal = refusal(record, ack);
      if (refusal != null) {
        refusedAcks.incrementAndGet();
        LOG.warn("refused an ack from the agent: {}", refusal);
        drop(current, refusal);
        return new Delivery.LinkFailed("refused ack: " + refusal);
      }
      hadFailure = false;
      return new Delivery.Answered(ack);
    } catch (TimeoutException e) {
      String state = channel.getState(false).toString();
      // The stream's acks can no longer be matched to records: start afresh.
      drop(current, "no ack within " + ackTimeout);
      LOG.debug("no ack within {} (channel {})", ackTimeout, state);
      return new Delivery.TimedOut(ackTimeout);
    } catch (ExecutionException e) {
      String reason = describe(e.getCause());
      drop(current, reason);
      return new Delivery.LinkFailed(reason);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drop(current, "interrupted");
      return new Delivery.LinkFailed("interrupted");
    }
  }

  @Override
  public Optional<InclusionProof> proof(String serial, long counter) {
    try {
      return Optional.of(
          SnapshotIngestGrpc.newBlockingStub(channel)
              .withDeadlineAfter(ackTimeout.toNanos(), TimeUnit.NANOSECONDS)
              .getInclusionProof(
                  InclusionProofRequest.newBuilder()
                      .setChipSerial(serial)
                      .setCounter(counter)
                      .build()));
    } catch (StatusRuntimeException e) {
      LOG.debug("no proof for {}#{}: {}", serial, counter, e.getStatus());
      return Optional.empty();
    }
  }

  @Override
  public synchronized void close() {
    if (stream != null && !stream.isClosed()) {
      try {
        stream.requests.onCompleted();
      } catch (RuntimeException e) {
        LOG.debug("half-close failed: {}", e.getMessage());
      }
    }
    stream = null;
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      channel.shutdownNow();
    }
  }

  private Stream open() {
    Stream opened = new Stream();
    // Wait for the channel to be ready rather than fail at once: the ack timeout bounds the wait.
    opened.requests = SnapshotIngestGrpc.newStub(channel).withWaitForReady().submit(opened);
    return opened;
  }

  private void drop(Stream dropped, String reason) {
    hadFailure = true;
    if (stream == dropped) {
      stream = null;
    }
    dropped.close(Status.CANCELLED.withDescription(reason).asRuntimeException());
    try {
      dropped.requests.onError(Status.CANCELLED.withDescription(reason).asRuntimeException());
    } catch (RuntimeException e) {
      LOG.debug("cancel failed: {}", e.getMessage());
    }
  }

  /** Why {@code ack} cannot be the agent's answer to {@code record}; null when it can. */
  private String refusal(SignedSnapshotRecord record, SubmitAck ack) {
    if (ack.getAgentSignature().isEmpty()) {
      return "ack for " + ack.getChipSerial() + "#" + ack.getCounter() + " is not signed";
    }
    if (!AckSignatures.verify(ack, agentKey)) {
      return "ack for "
          + ack.getChipSerial()
          + "#"
          + ack.getCounter()
          + " is not signed by the agent key";
    }
    if (ack.getAccepted() && ack.getRecordHash().isEmpty()) {
      // Without the hash the signature names a counter, not these bytes.
      return "acceptance of " + ack.getChipSerial() + "#" + ack.getCounter() + " names no record";
    }
    return mismatch(record, ack);
  }

  /** Why {@code ack} answers another record than {@code record}; null when it can be its answer. */
  private static String mismatch(SignedSnapshotRecord record, SubmitAck ack) {
    if (ack.getChipSerial().isEmpty()) {
      return null; // the agent could not read the record; the answer is still this record's
    }
    try {
      SnapshotRecord sent = SnapshotRecord.parseFrom(record.getRecord());
      if (!sent.getChipSerial().equals(ack.getChipSerial())
          || sent.getCounter() != ack.getCounter()) {
        return "agent acknowledged "
            + ack.getChipSerial()
            + "#"
            + ack.getCounter()
            + " for "
            + sent.getChipSerial()
            + "#"
            + sent.getCounter();
      }
    } catch (InvalidProtocolBufferException e) {
      return null; // an unreadable record: whatever the agent says is about it
    }
    return null;
  }

  private static String describe(Throwable cause) {
    Status status = Status.fromThrowable(cause);
    return status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }

  /** One Submit call: the request side, and the one answer awaited. */
  private static final class Stream implements StreamObserver<SubmitAck> {
    private final AtomicReference<CompletableFuture<SubmitAck>> pending = new AtomicReference<>();
    private final AtomicReference<Throwable> closed = new AtomicReference<>();
    private StreamObserver<SignedSnapshotRecord> requests;

    boolean isClosed() {
      return closed.get() != null;
    }

    /** The answer to the record about to be sent. */
    CompletableFuture<SubmitAck> expect() {
      CompletableFuture<SubmitAck> answer = new CompletableFuture<>();
      pending.set(answer);
      // Set before checking, so that a concurrent close either sees it or is seen here.
      Throwable cause = closed.get();
      if (cause != null) {
        answer.completeExceptionally(cause);
      }
      return answer;
    }

    @Override
    public void onNext(SubmitAck ack) {
      CompletableFuture<SubmitAck> answer = pending.getAndSet(null);
      if (answer == null) {
        LOG.warn(
            "unexpected ack from the agent for {}#{}; ignored",
            ack.getChipSerial(),
            ack.getCounter());
        return;
      }
      answer.complete(ack);
    }

    @Override
    public void onError(Throwable t) {
      close(t);
    }

    @Override
    public void onCompleted() {
      close(Status.UNAVAILABLE.withDescription("agent ended the stream").asRuntimeException());
    }

    void close(Throwable cause) {
      closed.compareAndSet(null, cause);
      CompletableFuture<SubmitAck> answer = pending.getAndSet(null);
      if (answer != null) {
        answer.completeExceptionally(cause);
      }
    }
  }
}
