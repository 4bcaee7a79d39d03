package org.chipledger.chaincode.ledger;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chipledger.proto.ledger.v1.LedgerEvent;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * {@link LedgerState} over a Fabric {@link ChaincodeStub}. Peers give no read-your-own-writes, so
 * this class remembers the transaction's writes and serves later reads of the same key from them.
 */
public final class StubState implements LedgerState {
  private static final byte[] DELETED = new byte[0];

  private final ChaincodeStub stub;
  private final ClientIdentity identity;
  private final Map<String, byte[]> written = new HashMap<>();
  private final ChipMoves chipMoves = new ChipMoves();
  private Caller caller;

  public StubState(Context ctx) {
    this.stub = ctx.getStub();
    this.identity = ctx.getClientIdentity();
  }

  @Override
  public Optional<byte[]> get(String key) {
    byte[] mine = written.get(key);
    if (mine != null) {
      return mine == DELETED ? Optional.empty() : Optional.of(mine);
    }
    byte[] value = stub.getState(key);
    return value == null || value.length == 0 ? Optional.empty() : Optional.of(value);
  }

  @Override
  public void put(String key, byte[] value) {
    stub.putState(key, value);
    written.put(key, value);
  }

  @Override
  public void delete(String key) {
    stub.delState(key);
    written.put(key, DELETED);
  }

  @Override
  public String compositeKey(String objectType, String... attributes) {
    return CompositeKeys.of(objectType, attributes);
  }

  @Override
  public Page scan(String objectType, List<String> attributes, int pageSize, String bookmark) {
    CompositeKey partial = new CompositeKey(objectType, attributes);
    List<Entry> entries = new ArrayList<>();
    String next;
    try (QueryResultsIteratorWithMetadata<KeyValue> it =
        stub.getStateByPartialCompositeKeyWithPagination(partial, pageSize, bookmark)) {
      for (KeyValue kv : it) {
        entries.add(new Entry(kv.getKey(), kv.getValue()));
      }
      next = it.getMetadata() == null ? "" : it.getMetadata().getBookmark();
    } catch (Exception e) {
      throw new RuleViolation(ErrorCode.INTERNAL, "scan failed: " + e.getMessage());
    }
    if (entries.size() < pageSize) {
      next = "";
    }
    return new Page(entries, next == null ? "" : next);
  }

  @Override
  public List<Entry> scanAll(String objectType, List<String> attributes) {
    List<Entry> entries = new ArrayList<>();
    try (QueryResultsIterator<KeyValue> it =
        stub.getStateByPartialCompositeKey(new CompositeKey(objectType, attributes))) {
      for (KeyValue kv : it) {
        entries.add(new Entry(kv.getKey(), kv.getValue()));
      }
    } catch (Exception e) {
      throw new RuleViolation(ErrorCode.INTERNAL, "scan failed: " + e.getMessage());
    }
    return entries;
  }

  @Override
  public List<Version> history(String key) {
    List<Version> versions = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> it = stub.getHistoryForKey(key)) {
      for (KeyModification m : it) {
        versions.add(
            new Version(m.getTxId(), timestamp(m.getTimestamp()), m.isDeleted(), m.getValue()));
      }
    } catch (Exception e) {
      throw new RuleViolation(ErrorCode.INTERNAL, "history failed: " + e.getMessage());
    }
    return versions;
  }

  @Override
  public ChipMoves chipMoves() {
    return chipMoves;
  }

  @Override
  public void emit(LedgerEvent event) {
    stub.setEvent(event.getKindCase().name(), event.toByteArray());
  }

  @Override
  public Caller caller() {
    if (caller == null) {
      caller =
          new Caller(
              identity.getMSPID(),
              attribute("org"),
              attribute("role"),
              attribute("country"),
              identity.getId());
    }
    return caller;
  }

  private String attribute(String name) {
    String value = identity.getAttributeValue(name);
    return value == null ? "" : value;
  }

  @Override
  public String txId() {
    return stub.getTxId();
  }

  @Override
  public Timestamp txTime() {
    return timestamp(stub.getTxTimestamp());
  }

  private static Timestamp timestamp(Instant instant) {
    if (instant == null) {
      return Timestamp.getDefaultInstance();
    }
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
