package org.chipledger.client.embedded;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import org.chipledger.chaincode.ledger.ErrorCode;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.crypto.Sha256;
import org.chipledger.proto.ledger.v1.BlockHeader;
import org.chipledger.proto.ledger.v1.ChainAnchor;
import org.rocksdb.ReadOptions;

/**
 * Chain anchors: a signed tip exported out of the ledger's reach, which any later log must still
 * contain at the same height with the same hash. Refuses logs that are shorter (blocks cut off) or
 * fork from it (an earlier block rewritten and every later one re-hashed and re-signed).
 */
final class Anchors {
  private Anchors() {}

  /** The anchor of the log's current tip. */
  static ChainAnchor export(LedgerStore store, ReadOptions read) {
    ChainTip tip = ChainTip.read(store, read);
    byte[] headerBytes = store.get(store.blocks, read, TxPosition.blockKey(tip.height() - 1));
    Instant now = Instant.now();
    return ChainAnchor.newBuilder()
        .setHeight(tip.height())
        .setBlockHash(ByteString.copyFrom(tip.hash()))
        .setStateDigest(ByteString.copyFrom(tip.stateDigest()))
        .setHeader(ByteString.copyFrom(headerBytes))
        .setNodeKey(ByteString.copyFrom(genesis(store, read).getNodeKey().toByteArray()))
        .setExportedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
        .build();
  }

  /**
   * Checks that the anchor is one header signed by its node key and that its fields repeat that
   * header.
   *
   * @throws LedgerException MALFORMED_ARGUMENT if it is not
   */
  static void requireSelfConsistent(ChainAnchor anchor) {
    BlockHeader header;
    try {
      header = BlockHeader.parseFrom(anchor.getHeader());
    } catch (InvalidProtocolBufferException e) {
      throw malformed("its header is unreadable");
    }
    byte[] unsigned = header.toBuilder().clearSignature().build().toByteArray();
    if (anchor.getHeight() == 0 || header.getNumber() != anchor.getHeight() - 1) {
      throw malformed("its height does not match its header");
    }
    if (!Arrays.equals(Sha256.of(anchor.getHeader().toByteArray()), bytes(anchor.getBlockHash()))
        || !header.getStateDigest().equals(anchor.getStateDigest())) {
      throw malformed("its hash or state digest does not match its header");
    }
    if (!NodeKey.verify(
        bytes(anchor.getNodeKey()), unsigned, header.getSignature().toByteArray())) {
      throw malformed("its header is not signed by its node key");
    }
  }

  /** Why a verified log does not extend the anchored chain, or null if it does. */
  static String mismatch(ChainAnchor anchor, LogWalk walk, LedgerStore store, ReadOptions read) {
    if (!Arrays.equals(walk.nodeKey(), bytes(anchor.getNodeKey()))) {
      return "the block log's genesis block names a different node key than the anchor: it is"
          + " another ledger, or a rewritten one";
    }
    long height = walk.tip().height();
    if (height < anchor.getHeight()) {
      return "the block log holds "
          + height
          + " blocks, fewer than the "
          + anchor.getHeight()
          + " of the anchor: blocks "
          + height
          + " to "
          + (anchor.getHeight() - 1)
          + " were cut off";
    }
    long number = anchor.getHeight() - 1;
    byte[] stored = store.get(store.blocks, read, TxPosition.blockKey(number));
    if (stored == null || !Arrays.equals(Sha256.of(stored), bytes(anchor.getBlockHash()))) {
      return "block "
          + number
          + " differs from the anchored one: the block log forks from the anchored chain at or"
          + " before block "
          + number;
    }
    return null;
  }

  private static BlockHeader genesis(LedgerStore store, ReadOptions read) {
    byte[] bytes = store.get(store.blocks, read, TxPosition.blockKey(0));
    try {
      if (bytes == null) {
        throw new InvalidProtocolBufferException("missing");
      }
      return BlockHeader.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new LedgerException(
          ErrorCode.BLOCK_LOG_CORRUPT, "the genesis block's header is unreadable", e);
    }
  }

  private static byte[] bytes(ByteString bytes) {
    return bytes.toByteArray();
  }

  private static LedgerException malformed(String why) {
    return new LedgerException(ErrorCode.MALFORMED_ARGUMENT, "the anchor is not valid: " + why);
  }
}
