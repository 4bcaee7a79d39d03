package org.chipledger.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.util.concurrent.TimeUnit;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** A snapshot record's protobuf round trip: what the agent does per record besides crypto. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProtobufBenchmark {
  private SnapshotRecord record;
  private byte[] signedBytes;

  @Setup
  public void setUp() {
    record =
        SnapshotRecord.newBuilder()
            .setChipSerial("FAB-US-B200-000123")
            .setCounter(48_213)
            .setChipTime(Timestamp.newBuilder().setSeconds(1_796_000_000L).setNanos(123))
            .setWeightHash(ByteString.copyFrom(new byte[32]))
            .setPrevRecordHash(ByteString.copyFrom(new byte[32]))
            .setFirmwareVersion("fw-2.4.1")
            .setRunId("run-7")
            .setTrainingStep(90_000)
            .setFirmwareMeasurement(ByteString.copyFrom(new byte[32]))
            .setSecurityVersion(3)
            .build();
    signedBytes =
        SignedSnapshotRecord.newBuilder()
            .setRecord(record.toByteString())
            .setSignature(ByteString.copyFrom(new byte[71]))
            .build()
            .toByteArray();
  }

  /** Serialise a record and wrap it with its signature, as the firmware does. */
  @Benchmark
  public byte[] encode() {
    return SignedSnapshotRecord.newBuilder()
        .setRecord(record.toByteString())
        .setSignature(ByteString.copyFrom(signedBytes, 0, 71))
        .build()
        .toByteArray();
  }

  /** Parse the envelope and the record inside it, as the agent does. */
  @Benchmark
  public SnapshotRecord decode() throws InvalidProtocolBufferException {
    return SnapshotRecord.parseFrom(SignedSnapshotRecord.parseFrom(signedBytes).getRecord());
  }
}
