package org.chipledger.app.inspection;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.chipledger.client.identity.LinkSecurity;
import org.chipledger.proto.snapshot.v1.InclusionProof;
import org.chipledger.proto.snapshot.v1.InclusionProofRequest;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;

/** Inclusion proofs fetched from a snapshot agent over gRPC. */
public final class AgentProofs implements ProofSource, AutoCloseable {
  private final ManagedChannel channel;
  private final SnapshotIngestGrpc.SnapshotIngestBlockingStub stub;

  public AgentProofs(String host, int port, LinkSecurity security) {
    channel = security.channelTo(host, port);
    stub = SnapshotIngestGrpc.newBlockingStub(channel);
  }

  @Override
  public Optional<InclusionProof> proof(String serial, long counter) {
    try {
      return Optional.of(
          stub.withDeadlineAfter(30, TimeUnit.SECONDS)
              .getInclusionProof(
                  InclusionProofRequest.newBuilder()
                      .setChipSerial(serial)
                      .setCounter(counter)
                      .build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
