package org.chipledger.chaincode.snapshot;

import com.google.protobuf.ByteString;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Checks chip signatures with Bouncy Castle, keeping decoded public keys: decoding a key costs
 * about as much as a verification, and a batch holds many records of the same chips.
 */
public final class ChipKeyring implements ChipSignatureCheck {
  /** Not registered globally: the chaincode JVM's providers stay as Fabric set them. */
  private static final Provider BC = new BouncyCastleProvider();

  private final Map<ByteString, PublicKey> keys;

  /** A keyring that keeps at most {@code capacity} decoded keys, least recently used first out. */
  public ChipKeyring(int capacity) {
    this.keys =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteString, PublicKey> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public boolean verify(ByteString derPublicKey, byte[] message, byte[] signature) {
    try {
      PublicKey key;
      synchronized (keys) {
        key = keys.get(derPublicKey);
      }
      if (key == null) {
        key =
            KeyFactory.getInstance("EC", BC)
                .generatePublic(new X509EncodedKeySpec(derPublicKey.toByteArray()));
        synchronized (keys) {
          keys.put(derPublicKey, key);
        }
      }
      Signature verifier = Signature.getInstance("SHA256withECDSA", BC);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A malformed key or DER signature is a bad signature, not a crash of the batch.
      return false;
    }
  }
}
