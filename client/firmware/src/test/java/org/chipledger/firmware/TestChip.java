package org.chipledger.firmware;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.client.identity.ChipKeys;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/** A chip key written the way the fab writes it, and hand-made record chains for log tests. */
public final class TestChip {
  public final String serial;
  public final KeyPair keys;
  public final Path keyFile;
  public final ChipSigner signer;

  public TestChip(Path dir, String serial) throws IOException {
    this.serial = serial;
    this.keys = new ChipKeys().generate();
    ChipKeys.writePrivateKey(dir, serial, keys);
    this.keyFile = dir.resolve(serial + ".pem");
    this.signer = ChipSigner.load(keyFile);
  }

  public ChipIdentity identity() {
    return new ChipIdentity(serial, "fw-1.0", signer);
  }

  /** True when the JDK verifies {@code signed} against this chip's public key. */
  public boolean verifies(SignedSnapshotRecord signed) throws GeneralSecurityException {
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(keys.getPublic());
    jdk.update(signed.getRecord().toByteArray());
    return jdk.verify(signed.getSignature().toByteArray());
  }

  /** Records 1..n of a well-formed chain. */
  public List<SignedSnapshotRecord> chain(int n) {
    List<SignedSnapshotRecord> records = new ArrayList<>();
    ChainHead head = ChainHead.GENESIS;
    for (int i = 0; i < n; i++) {
      SignedSnapshotRecord signed = next(head, "run-" + i);
      records.add(signed);
      head =
          new ChainHead(
              head.counter() + 1, ByteString.copyFrom(Sha256.of(signed.getRecord().toByteArray())));
    }
    return records;
  }

  /** The record that continues {@code head}. */
  public SignedSnapshotRecord next(ChainHead head, String runId) {
    SnapshotRecord record =
        SnapshotRecord.newBuilder()
            .setChipSerial(serial)
            .setCounter(head.counter() + 1)
            .setChipTime(Timestamp.newBuilder().setSeconds(1_700_000_000L + head.counter()))
            .setWeightHash(WeightHasher.hash(new float[] {head.counter()}))
            .setPrevRecordHash(head.recordHash())
            .setFirmwareVersion("fw-1.0")
            .setRunId(runId)
            .build();
    byte[] bytes = record.toByteArray();
    return SignedSnapshotRecord.newBuilder()
        .setRecord(ByteString.copyFrom(bytes))
        .setSignature(ByteString.copyFrom(signer.sign(bytes)))
        .build();
  }
}
