package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/**
 * A small snapshot agent that follows a script: it holds records per chip, accepts the next
 * counter, answers replays and gaps with their codes, and can swallow chosen acks or reject all.
 */
public final class ScriptedAgent extends SnapshotIngestGrpc.SnapshotIngestImplBase {
  private final List<SignedSnapshotRecord> received = new ArrayList<>();
  private final Map<String, List<ByteString>> held = new HashMap<>();
  private final Set<Integer> swallowAckOf = new HashSet<>();
  private String rejectAllWith;
  private boolean replayWithoutHash;

  /** The ack of the {@code index}-th record received (0-based) is persisted but never sent. */
  public synchronized ScriptedAgent swallowAck(int index) {
    swallowAckOf.add(index);
    return this;
  }

  public synchronized ScriptedAgent rejectAllWith(String code) {
    rejectAllWith = code;
    return this;
  }

  public synchronized ScriptedAgent replayWithoutHash() {
    replayWithoutHash = true;
    return this;
  }

  /** Pretends the agent already holds {@code hash} as the chip's next record. */
  public synchronized void hold(String serial, ByteString hash) {
    held.computeIfAbsent(serial, s -> new ArrayList<>()).add(hash);
  }

  public synchronized List<SignedSnapshotRecord> received() {
    return List.copyOf(received);
  }

  public synchronized List<Long> receivedCounters() {
    return received.stream().map(s -> parse(s).getCounter()).toList();
  }

  @Override
  public StreamObserver<SignedSnapshotRecord> submit(StreamObserver<SubmitAck> acks) {
    return new StreamObserver<>() {
      @Override
      public void onNext(SignedSnapshotRecord signed) {
        SubmitAck ack = answer(signed);
        if (ack != null) {
          acks.onNext(ack);
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        acks.onCompleted();
      }
    };
  }

  /** Records, persists and answers; null when the script swallows the ack. */
  private synchronized SubmitAck answer(SignedSnapshotRecord signed) {
    int index = received.size();
    received.add(signed);
    SnapshotRecord record = parse(signed);
    ByteString hash = ByteString.copyFrom(Sha256.of(signed.getRecord().toByteArray()));
    SubmitAck.Builder ack =
        SubmitAck.newBuilder()
            .setChipSerial(record.getChipSerial())
            .setCounter(record.getCounter());
    List<ByteString> chain = held.computeIfAbsent(record.getChipSerial(), s -> new ArrayList<>());
    if (rejectAllWith != null) {
      ack.setAccepted(false).setErrorCode(rejectAllWith).setErrorNumber(99).setDetail("scripted");
    } else if (record.getCounter() <= chain.size()) {
      ack.setAccepted(false)
          .setErrorCode("SNAPSHOT_REPLAYED")
          .setErrorNumber(61)
          .setDetail("already held");
      if (!replayWithoutHash) {
        ack.setRecordHash(chain.get((int) record.getCounter() - 1));
      }
    } else if (record.getCounter() == chain.size() + 1) {
      chain.add(hash);
      ack.setAccepted(true).setRecordHash(hash);
    } else {
      ack.setAccepted(false).setErrorCode("SNAPSHOT_COUNTER_GAP").setErrorNumber(62);
    }
    return swallowAckOf.contains(index) ? null : ack.build();
  }

  private static SnapshotRecord parse(SignedSnapshotRecord signed) {
    try {
      return SnapshotRecord.parseFrom(signed.getRecord());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
