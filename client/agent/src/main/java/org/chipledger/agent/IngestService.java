package org.chipledger.agent;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.chipledger.chaincode.ledger.ErrorCode;
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

  IngestService(Ingestor ingestor, ProofService proofs, Faults faults) {
    this.ingestor = ingestor;
    this.proofs = proofs;
    this.faults = faults;
  }

  @Override
  public StreamObserver<SignedSnapshotRecord> submit(StreamObserver<SubmitAck> acks) {
    Optional<String> peer = Optional.ofNullable(PEER_CHIP.get());
    return new StreamObserver<>() {
      /** Completes when every ack so far has been sent: acks leave in arrival order. */
      private CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);

      @Override
      public void onNext(SignedSnapshotRecord record) {
        CompletableFuture<SubmitAck> ack = ingestor.submit(record, peer);
        synchronized (this) {
          sent =
              sent.thenCombine(ack, (ignored, a) -> a)
                  .thenAccept(
                      a -> {
                        synchronized (acks) {
                          acks.onNext(a);
                        }
                        if (a.getAccepted()) {
                          faults.reached(Faults.Point.AFTER_ACK);
                        }
                      });
        }
      }

      @Override
      public void onError(Throwable t) {
        LOG.log(Level.FINE, "a chip stream ended with an error: " + t.getMessage());
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
                if (failure == null) {
                  acks.onCompleted();
                } else {
                  acks.onError(
                      Status.UNAVAILABLE
                          .withDescription(
                              ErrorCode.LEDGER_UNAVAILABLE.format(
                                  "the agent's journal failed: " + failure.getMessage()))
                          .asRuntimeException());
                }
              }
            });
      }
    };
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
