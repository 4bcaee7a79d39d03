package org.chipledger.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/**
 * Serves Submit with a request parser that never fails: a garbled or truncated message becomes an
 * empty record, which the agent refuses with MALFORMED_ARGUMENT on the same stream. Left to gRPC,
 * one bad message would end the chip's whole stream with an opaque UNKNOWN status.
 */
final class LenientSubmit implements MethodDescriptor.Marshaller<SignedSnapshotRecord> {
  private final MethodDescriptor.Marshaller<SignedSnapshotRecord> strict =
      SnapshotIngestGrpc.getSubmitMethod().getRequestMarshaller();

  /** The service definition with Submit's request parsing replaced. */
  @SuppressWarnings("unchecked")
  static ServerServiceDefinition wrap(ServerServiceDefinition service) {
    MethodDescriptor<SignedSnapshotRecord, SubmitAck> submit =
        SnapshotIngestGrpc.getSubmitMethod().toBuilder()
            .setRequestMarshaller(new LenientSubmit())
            .build();
    ServerServiceDefinition.Builder lenient =
        ServerServiceDefinition.builder(SnapshotIngestGrpc.SERVICE_NAME);
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      if (method.getMethodDescriptor().getFullMethodName().equals(submit.getFullMethodName())) {
        lenient.addMethod(
            submit,
            (ServerCallHandler<SignedSnapshotRecord, SubmitAck>) method.getServerCallHandler());
      } else {
        lenient.addMethod(method);
      }
    }
    return lenient.build();
  }

  @Override
  public InputStream stream(SignedSnapshotRecord value) {
    return strict.stream(value);
  }

  @Override
  public SignedSnapshotRecord parse(InputStream stream) {
    try {
      return SignedSnapshotRecord.parseFrom(stream.readAllBytes());
    } catch (InvalidProtocolBufferException e) {
      return SignedSnapshotRecord.getDefaultInstance();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
