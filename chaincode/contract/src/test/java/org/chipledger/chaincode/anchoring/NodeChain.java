package org.chipledger.chaincode.anchoring;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.ChainAnchor;

/**
 * A ledger node's chain of signed block headers, built as the embedded ledger builds them, with the
 * anchors {@code admin anchor} would export. {@code salt} makes another chain's states differ.
 */
final class NodeChain {
  private final KeyPair keys;
  private final String salt;
  private final List<byte[]> headers = new ArrayList<>();

  NodeChain(KeyPair keys, String salt) {
    this.keys = keys;
    this.salt = salt;
  }

  static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  ByteString nodeKey() {
    return ByteString.copyFrom(keys.getPublic().getEncoded());
  }

  /** The chain's anchor at {@code height} blocks. */
  ChainAnchor anchor(long height) {
    byte[] header = header(height - 1);
    return ChainAnchor.newBuilder()
        .setHeight(height)
        .setBlockHash(ByteString.copyFrom(Sha256.of(header)))
        .setStateDigest(parse(header).getStateDigest())
        .setHeader(ByteString.copyFrom(header))
        .setNodeKey(nodeKey())
        .build();
  }

  /** This chain up to {@code shared} blocks, then blocks with other states. */
  NodeChain forkAfter(int shared) {
    NodeChain fork = new NodeChain(keys, salt + "-fork");
    for (int i = 0; i < shared; i++) {
      fork.headers.add(header(i));
    }
    return fork;
  }

  byte[] header(long number) {
    while (headers.size() <= number) {
      int n = headers.size();
      byte[] previous = n == 0 ? new byte[0] : Sha256.of(headers.get(n - 1));
      BlockHeader unsigned =
          BlockHeader.newBuilder()
              .setNumber(n)
              .setPreviousHash(ByteString.copyFrom(previous))
              .setDataHash(ByteString.copyFrom(Sha256.of(bytes("data " + n))))
              .setTxCount(1)
              .setStateDigest(ByteString.copyFrom(Sha256.of(bytes(salt + " state " + n))))
              .build();
      headers.add(signed(unsigned, keys.getPrivate()).toByteArray());
    }
    return headers.get((int) number);
  }

  /** {@code header} with its signature made by {@code key} over the header without it. */
  static BlockHeader signed(BlockHeader header, PrivateKey key) {
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(key);
      signer.update(header.toBuilder().clearSignature().build().toByteArray());
      return header.toBuilder().setSignature(ByteString.copyFrom(signer.sign())).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static BlockHeader parse(byte[] header) {
    try {
      return BlockHeader.parseFrom(header);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code anchor} re-built around another header, its hash and digest recomputed to match. */
  static ChainAnchor around(ChainAnchor anchor, BlockHeader header) {
    byte[] bytes = header.toByteArray();
    return anchor.toBuilder()
        .setHeader(ByteString.copyFrom(bytes))
        .setBlockHash(ByteString.copyFrom(Sha256.of(bytes)))
        .setStateDigest(header.getStateDigest())
        .build();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
