package org.chipledger.agent;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.snapshot.v1.InclusionProof;
import org.chipledger.proto.snapshot.v1.InclusionProofRequest;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/** The SnapshotIngest gRPC service: records in, acknowledgements out in order, proofs on demand. */
final class IngestService extends SnapshotIngestGrpc.SnapshotIngestImplBase {
  private static final Logger LOG = Logger.getLogger(IngestService.class.getName());

  /** The chip serial of the stream's client certificate, set by {@link PeerChip}. */
  static final Context.Key<String> PEER_CHIP = Context.key("chipledger-peer-chip");

  private final Ingestor ingestor;
  private final ProofService proofs;
  private final Faults faults;
  private final PrivateKey ackKey;
  private final int window;

  IngestService(
      Ingestor ingestor, ProofService proofs, Faults faults, PrivateKey ackKey, int window) {
    this.ingestor = ingestor;
    this.proofs = proofs;
    this.faults = faults;
    this.ackKey = ackKey;
    this.window = window;
  }

  @Override
  public StreamObserver<SignedSnapshotRecord> submit(StreamObserver<SubmitAck> acks) {
    Optional<String> peer = Optional.ofNullable(PEER_CHIP.get());
    ServerCallStreamObserver<SubmitAck> call = (ServerCallStreamObserver<SubmitAck>) acks;
    // The stream gets `window` records ahead of its acks; flow control holds back the rest.
    call.disableAutoRequest();
    call.request(window);
    return new ChipStreamObserver(call, peer);
  }

  /** One chip's (or relaying host's) stream: acks in arrival order, each signed. */
  private final class ChipStreamObserver implements StreamObserver<SignedSnapshotRecord> {
    private final ServerCallStreamObserver<SubmitAck> acks;
    private final Optional<String> peer;

    /** Completes when every ack so far has been sent: acks leave in arrival order. */
    private CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);

    private boolean ended; // guarded by acks

    ChipStreamObserver(ServerCallStreamObserver<SubmitAck> acks, Optional<String> peer) {
      this.acks = acks;
      this.peer = peer;
    }

    @Override
    public void onNext(SignedSnapshotRecord record) {
      CompletableFuture<SubmitAck> ack = ingestor.submit(record, peer);
      synchronized (this) {
        sent = sent.thenCompose(ignored -> ack.handle(this::deliver));
      }
    }

    private Void deliver(SubmitAck ack, Throwable failure) {
      synchronized (acks) {
        if (ended) {
          return null;
        }
        if (failure != null) {
          // Fail closed: the stream ends, and no later record on it is acknowledged.
          ended = true;
          end(unavailable(failure));
          return null;
        }
        try {
          acks.onNext(AckSignatures.sign(ack, ackKey));
          acks.request(1);
        } catch (RuntimeException e) {
          ended = true; // the client went away
          return null;
        }
      }
      if (ack.getAccepted()) {
        faults.reached(Faults.Point.AFTER_ACK);
      }
      return null;
    }

    private void end(Throwable status) {
      try {
        acks.onError(status);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "a chip stream was already gone: " + e.getMessage());
      }
    }

    @Override
    public void onError(Throwable t) {
      LOG.log(Level.FINE, "a chip stream ended with an error: " + t.getMessage());
      synchronized (acks) {
        ended = true;
      }
    }

    @Override
    public void onCompleted() {
      CompletableFuture<Void> last;
      synchronized (this) {
        last = sent;
      }
      last.whenComplete(
          (ignored, failure) -> {
            synchronized (acks) {
              if (ended) {
                return;
              }
              ended = true;
              if (failure == null) {
                acks.onCompleted();
              } else {
                end(unavailable(failure));
              }
            }
          });
    }
  }

  private static RuntimeException unavailable(Throwable failure) {
    Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
    String detail =
        cause instanceof AgentRefusalException refusal
            ? refusal.getMessage()
            : ErrorCode.LEDGER_UNAVAILABLE.format(
                "the agent's journal failed: " + cause.getMessage());
    return Status.UNAVAILABLE.withDescription(detail).asRuntimeException();
  }

  @Override
  public void getInclusionProof(
      InclusionProofRequest request, StreamObserver<InclusionProof> response) {
    Optional<InclusionProof> proof = proofs.proof(request.getChipSerial(), request.getCounter());
    if (proof.isEmpty()) {
      response.onError(
          Status.NOT_FOUND
              .withDescription(
                  ErrorCode.SNAPSHOT_NOT_FOUND.format(
                      "no record #" + request.getCounter() + " of chip " + request.getChipSerial()))
              .asRuntimeException());
      return;
    }
    response.onNext(proof.get());
    response.onCompleted();
  }
}
