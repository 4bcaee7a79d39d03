package org.chipledger.chaincode.ledger;

import java.util.List;
import java.util.Optional;
import org.chipledger.proto.ledger.v1.LedgerEvent;

/**
 * The narrow view of the ledger that the rules run against: keyed state, composite-key scans, key
 * history, one event, the caller, and the transaction's id and time.
 *
 * <p>Reads within a transaction see that transaction's own earlier writes. Scans see committed
 * state only, as on a Fabric peer.
 */
public interface LedgerState {

  /** The committed (or earlier written in this transaction) value of a key. */
  Optional<byte[]> get(String key);

  void put(String key, byte[] value);

  void delete(String key);

  /** Builds a composite key in Fabric's format. */
  String compositeKey(String objectType, String... attributes);

  /** One page of the keys under a partial composite key, in key order. */
  Page scan(String objectType, List<String> attributes, int pageSize, String bookmark);

  /** Every key under a partial composite key, in key order. */
  List<Entry> scanAll(String objectType, List<String> attributes);

  /** Every recorded version of a key, oldest first. */
  List<Version> history(String key);

  /** The chips this transaction has moved so far; its event carries them. */
  ChipMoves chipMoves();

  /** Sets the transaction's event; a transaction has at most one. */
  void emit(LedgerEvent event);

  Caller caller();

  String txId();

  com.google.protobuf.Timestamp txTime();

  /** A key and its value. */
  record Entry(String key, byte[] value) {}

  /** A page of a scan; the bookmark is empty on the last page. */
  record Page(List<Entry> entries, String bookmark) {}

  /** One version of a key from its history. */
  record Version(
      String txId, com.google.protobuf.Timestamp timestamp, boolean deleted, byte[] value) {}
}
