package org.chipledger.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.chipledger.proto.ledger.v1.SignedSnapshotRecord;
import org.chipledger.proto.ledger.v1.SnapshotRecord;

/**
 * Fuzzes the NVRAM log parser with files built from the documented layout (an 8-byte header, then
 * frames of u32 length, u32 CRC32C, payload), some frames well formed and holding plausible
 * records, some garbled. The contract: a scan whose valid prefix and torn tail add up to the file,
 * with entries counting 1, 2, 3…; or an {@link NvramException} at an offset inside the file. Never
 * another exception, never a read past the file.
 */
class NvramLogFuzzTest {
  private static final byte[] HEADER = {'C', 'L', 'N', 'V', 'R', 'A', 'M', 1};

  @FuzzTest(maxDuration = "10s")
  void scanGivesEntriesOrAnNvramError(FuzzedDataProvider data) throws IOException {
    byte[] file = build(data);
    Path dir = Files.createTempDirectory("nvram-fuzz");
    Path log = dir.resolve("chip.log");
    try {
      Files.write(log, file);
      try {
        NvramScan scan = NvramLog.scan(log);
        assertThat(scan.validLength() + scan.tornBytes()).isEqualTo(file.length);
        for (int i = 0; i < scan.entries().size(); i++) {
          assertThat(scan.entries().get(i).record().getCounter()).isEqualTo(i + 1L);
        }
      } catch (NvramException e) {
        assertThat(e.error()).isNotNull();
        assertThat(e.offset()).isBetween(0L, (long) file.length);
      }
    } finally {
      Files.deleteIfExists(log);
      Files.deleteIfExists(dir);
    }
  }

  private static byte[] build(FuzzedDataProvider data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (data.consumeInt(0, 9) > 0) {
      out.writeBytes(HEADER);
    } else {
      out.writeBytes(data.consumeBytes(10));
    }
    long counter = 1;
    ByteString prev = ByteString.copyFrom(new byte[32]);
    int frames = data.consumeInt(0, 6);
    for (int f = 0; f < frames; f++) {
      byte[] payload;
      if (data.consumeBoolean()) {
        SnapshotRecord record =
            SnapshotRecord.newBuilder()
                .setChipSerial(data.consumeBoolean() ? "SN-1" : data.consumeString(8))
                .setCounter(data.consumeBoolean() ? counter : data.consumeLong())
                .setPrevRecordHash(data.consumeBoolean() ? prev : ByteString.copyFrom(new byte[32]))
                .build();
        SignedSnapshotRecord signed =
            SignedSnapshotRecord.newBuilder()
                .setRecord(record.toByteString())
                .setSignature(ByteString.copyFrom(data.consumeBytes(8)))
                .build();
        payload = signed.toByteArray();
        prev = ByteString.copyFrom(sha256(signed.getRecord().toByteArray()));
        counter++;
      } else {
        payload = data.consumeBytes(300);
      }
      int length = data.consumeInt(0, 9) > 0 ? payload.length : data.consumeInt();
      ByteBuffer header = ByteBuffer.allocate(8).putInt(length);
      header.putInt(data.consumeInt(0, 9) > 0 ? crc(length, payload) : data.consumeInt());
      out.writeBytes(header.array());
      out.writeBytes(payload);
    }
    // A torn or garbled tail: zeros, a cut frame, or noise.
    out.writeBytes(data.consumeRemainingAsBytes());
    return out.toByteArray();
  }

  private static int crc(int length, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(0, length));
    crc.update(payload);
    return (int) crc.getValue();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
