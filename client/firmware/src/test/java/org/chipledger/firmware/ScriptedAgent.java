package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.stub.StreamObserver;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.chipledger.client.identity.AckSignatures;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.chipledger.proto.snapshot.v1.InclusionProof;
import org.chipledger.proto.snapshot.v1.InclusionProofRequest;
import org.chipledger.proto.snapshot.v1.SnapshotIngestGrpc;
import org.chipledger.proto.snapshot.v1.SubmitAck;

/**
 * A small snapshot agent that follows a script: it holds records per chip, accepts the next
 * counter, answers replays and gaps with their codes, and can swallow chosen acks or reject all. It
 * signs each ack with its own ack key as the real agent does; an operator's fake agent is one that
 * signs with another key, not at all, or rewrites what it sends.
 */
public final class ScriptedAgent extends SnapshotIngestGrpc.SnapshotIngestImplBase {
  private final KeyPair ackKeys;
  private final List<SignedSnapshotRecord> received = new ArrayList<>();
  private final List<SubmitAck> sent = new ArrayList<>();
  private PrivateKey signingKey;
  private UnaryOperator<SubmitAck> rewrite = UnaryOperator.identity();
  private BiFunction<String, Long, InclusionProof> proofs =
      (serial, counter) ->
          InclusionProof.newBuilder()
              .setChipSerial(serial)
              .setCounter(counter)
              .setCommitted(false)
              .build();

  /** An agent with a fresh ack key. */
  public ScriptedAgent() {
    this(new ChipKeys().generate());
  }

  /** An agent that signs its acks with {@code ackKeys}, as a restarted real agent would. */
  public ScriptedAgent(KeyPair ackKeys) {
    this.ackKeys = ackKeys;
    this.signingKey = ackKeys.getPrivate();
  }

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

  /** The public half of the key this agent signs acks with: what its chips are given. */
  public PublicKey ackKey() {
    return ackKeys.getPublic();
  }

  /** Sends acks without a signature. */
  public synchronized ScriptedAgent unsigned() {
    signingKey = null;
    return this;
  }

  /** Signs acks with {@code key} instead of its own ack key. */
  public synchronized ScriptedAgent signingWith(PrivateKey key) {
    signingKey = key;
    return this;
  }

  /** Back to an honest agent: its own key, acks unchanged. */
  public synchronized ScriptedAgent honest() {
    signingKey = ackKeys.getPrivate();
    rewrite = UnaryOperator.identity();
    return this;
  }

  /** Passes every ack, once signed, through {@code change} before sending it. */
  public synchronized ScriptedAgent rewriting(UnaryOperator<SubmitAck> change) {
    rewrite = change;
    return this;
  }

  /** Answers proof requests with {@code source}; by default every record is uncommitted. */
  public synchronized ScriptedAgent provingWith(BiFunction<String, Long, InclusionProof> source) {
    proofs = source;
    return this;
  }

  @Override
  public void getInclusionProof(
      InclusionProofRequest request, StreamObserver<InclusionProof> response) {
    BiFunction<String, Long, InclusionProof> source;
    synchronized (this) {
      source = proofs;
    }
    response.onNext(source.apply(request.getChipSerial(), request.getCounter()));
    response.onCompleted();
  }

  /** The acks sent so far, as sent. */
  public synchronized List<SubmitAck> sentAcks() {
    return List.copyOf(sent);
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
    if (swallowAckOf.contains(index)) {
      return null;
    }
    SubmitAck out =
        rewrite.apply(
            signingKey == null ? ack.build() : AckSignatures.sign(ack.build(), signingKey));
    sent.add(out);
    return out;
  }

  private static SnapshotRecord parse(SignedSnapshotRecord signed) {
    try {
      return SnapshotRecord.parseFrom(signed.getRecord());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
