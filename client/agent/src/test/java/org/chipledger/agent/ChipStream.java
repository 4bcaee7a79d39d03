package org.chipledger.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/** One Submit stream used one record at a time, as a chip does. */
public final class ChipStream {
  private final LinkedBlockingQueue<Object> replies = new LinkedBlockingQueue<>();
  private final StreamObserver<SignedSnapshotRecord> requests;

  public ChipStream(ManagedChannel channel) {
    requests =
        SnapshotIngestGrpc.newStub(channel)
            .submit(
                new StreamObserver<>() {
                  @Override
                  public void onNext(SubmitAck ack) {
                    replies.add(ack);
                  }

                  @Override
                  public void onError(Throwable t) {
                    replies.add(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
  }

  public SubmitAck send(SignedSnapshotRecord record) throws InterruptedException {
    requests.onNext(record);
    Object reply = replies.poll(60, TimeUnit.SECONDS);
    assertThat(reply).as("an ack within a minute").isInstanceOf(SubmitAck.class);
    return (SubmitAck) reply;
  }

  /** Sends every record without waiting, then collects one ack per record, in order. */
  public List<SubmitAck> sendAll(List<SignedSnapshotRecord> records) throws InterruptedException {
    records.forEach(requests::onNext);
    List<SubmitAck> acks = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      Object reply = replies.poll(60, TimeUnit.SECONDS);
      assertThat(reply).as("ack %d within a minute", i).isInstanceOf(SubmitAck.class);
      acks.add((SubmitAck) reply);
    }
    return acks;
  }

  public void close() {
    requests.onCompleted();
  }
}
