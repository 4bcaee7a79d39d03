package org.chipledger.chaincode.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.chipledger.chaincode.snapshot.SnapshotRules;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/** A chip's key and hash chain for tests: each {@link #next} is the chip's next signed record. */
public final class ChipSigner {
  private final String serial;
  private final KeyPair keys;
  private long counter;
  private ByteString head = SnapshotRules.GENESIS;
  private long seconds = 1_700_000_000L;

  public ChipSigner(String serial) {
    this.serial = serial;
    this.keys = newKeyPair();
  }

  public String serial() {
    return serial;
  }

  public ByteString publicKey() {
    return ByteString.copyFrom(keys.getPublic().getEncoded());
  }

  /** The next record in the chain, one hour of chip time after the previous one. */
  public SignedSnapshotRecord next(String runId) {
    seconds += 3600;
    SnapshotRecord record = record(counter + 1, head, seconds, runId);
    SignedSnapshotRecord signed = sign(record);
    counter++;
    head = SnapshotRules.recordHash(signed);
    return signed;
  }

  /**
   * The next record in the chain, {@code hours} of chip time after the previous one, with {@code
   * edit} applied before signing (a run start, chosen weights).
   */
  public SignedSnapshotRecord next(
      String runId, long hours, java.util.function.UnaryOperator<SnapshotRecord.Builder> edit) {
    seconds += 3600 * hours;
    SnapshotRecord record =
        edit.apply(record(counter + 1, head, seconds, runId).toBuilder()).build();
    SignedSnapshotRecord signed = sign(record);
    counter++;
    head = SnapshotRules.recordHash(signed);
    return signed;
  }

  /** A record with any fields, signed by this chip, that does not advance the chain. */
  public SnapshotRecord record(long counter, ByteString prev, long chipSeconds, String runId) {
    return SnapshotRecord.newBuilder()
        .setChipSerial(serial)
        .setCounter(counter)
        .setChipTime(Timestamp.newBuilder().setSeconds(chipSeconds))
        .setWeightHash(
            ByteString.copyFrom(
                Sha256.of(("w" + counter).getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .setPrevRecordHash(prev)
        .setFirmwareVersion("1.0.0")
        .setRunId(runId)
        .build();
  }

  public SignedSnapshotRecord sign(SnapshotRecord record) {
    return signWith(keys, record);
  }

  public ByteString headHash() {
    return head;
  }

  public static SignedSnapshotRecord signWith(KeyPair keys, SnapshotRecord record) {
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(record.toByteArray());
      return SignedSnapshotRecord.newBuilder()
          .setRecord(record.toByteString())
          .setSignature(ByteString.copyFrom(signer.sign()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
