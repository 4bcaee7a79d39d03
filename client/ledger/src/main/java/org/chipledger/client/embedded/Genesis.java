package org.chipledger.client.embedded;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.TxRecord;
import org.chipledger.proto.ledger.v1.WriteEntry;

/**
 * The genesis configuration: block 0 holds one unsigned record whose entries are the consortium's
 * MSPs (key = MSP id, value = root CA PEM). They are configuration, not world state; being inside
 * the hashed chain, they cannot be swapped without breaking it.
 */
final class Genesis {
  static final TxPosition POSITION = new TxPosition(0, 0);

  private Genesis() {}

  static TxRecord record(Map<String, String> msps) {
    if (msps.isEmpty()) {
      throw new IllegalArgumentException("a ledger needs at least one trusted MSP");
    }
    TxRecord.Builder record = TxRecord.newBuilder();
    new TreeMap<>(msps)
        .forEach(
            (mspId, pem) -> {
              requireCaCertificate(mspId, pem);
              record.addWrites(
                  WriteEntry.newBuilder()
                      .setKey(mspId)
                      .setValue(ByteString.copyFrom(pem, StandardCharsets.UTF_8)));
            });
    return record.build();
  }

  static Map<String, String> msps(TxRecord record) {
    Map<String, String> msps = new TreeMap<>();
    for (WriteEntry entry : record.getWritesList()) {
      msps.put(entry.getKey(), entry.getValue().toString(StandardCharsets.UTF_8));
    }
    return msps;
  }

  static Map<String, String> read(LedgerStore store) {
    byte[] bytes = store.get(store.txs, POSITION.bytes());
    if (bytes == null) {
      throw new IllegalStateException("the ledger in " + store.dir() + " has no genesis block");
    }
    try {
      return msps(TxRecord.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the genesis block in " + store.dir() + " is unreadable", e);
    }
  }

  /** The node key the genesis header names; empty for a ledger without the state commitment. */
  static byte[] nodeKey(LedgerStore store) {
    byte[] bytes = store.get(store.blocks, TxPosition.blockKey(0));
    if (bytes == null) {
      throw new IllegalStateException("the ledger in " + store.dir() + " has no genesis block");
    }
    try {
      return BlockHeader.parseFrom(bytes).getNodeKey().toByteArray();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the genesis header in " + store.dir() + " is unreadable", e);
    }
  }

  private static void requireCaCertificate(String mspId, String pem) {
    if (mspId == null || mspId.isBlank()) {
      throw new IllegalArgumentException("MSP ids must not be blank");
    }
    try {
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      if (certificate.getBasicConstraints() < 0) {
        throw new IllegalArgumentException(
            "the root for MSP " + mspId + " is not a CA certificate");
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "the root for MSP " + mspId + " is not a PEM certificate", e);
    }
  }
}
