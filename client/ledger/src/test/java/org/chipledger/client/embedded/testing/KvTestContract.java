package org.chipledger.client.embedded.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A key-value contract used only by the embedded ledger's tests, so that they exercise the ledger
 * and the stub without depending on the chipledger rules.
 */
@Contract(name = "testkv")
public final class KvTestContract implements ContractInterface {

  @Transaction(name = "Put", intent = Transaction.TYPE.SUBMIT)
  public void put(Context ctx, String key, String value) {
    ctx.getStub().putState(key, utf8(value));
  }

  @Transaction(name = "Get", intent = Transaction.TYPE.EVALUATE)
  public String get(Context ctx, String key) {
    return new String(ctx.getStub().getState(key), StandardCharsets.UTF_8);
  }

  @Transaction(name = "Delete", intent = Transaction.TYPE.SUBMIT)
  public void delete(Context ctx, String key) {
    ctx.getStub().delState(key);
  }

  /** Adds one to a decimal counter (missing = 0) and returns the new value. */
  @Transaction(name = "Increment", intent = Transaction.TYPE.SUBMIT)
  public String increment(Context ctx, String key) {
    byte[] current = ctx.getStub().getState(key);
    long next =
        (current.length == 0 ? 0 : Long.parseLong(new String(current, StandardCharsets.UTF_8))) + 1;
    ctx.getStub().putState(key, utf8(Long.toString(next)));
    return Long.toString(next);
  }

  /** Writes a marker, then rejects with {@code code: detail}, as the chipledger rules do. */
  @Transaction(name = "Fail", intent = Transaction.TYPE.SUBMIT)
  public void fail(Context ctx, String code, String detail) {
    ctx.getStub().putState("fail-marker", utf8("written before the failure"));
    ctx.getStub().setEvent("Failed", utf8(detail));
    throw new ChaincodeException(code + ": " + detail, code);
  }

  /** Sets two events; Fabric keeps only the last one. */
  @Transaction(name = "Event", intent = Transaction.TYPE.SUBMIT)
  public void event(Context ctx, String name, String payload) {
    ctx.getStub().setEvent("Overwritten", utf8("first"));
    ctx.getStub().setEvent(name, utf8(payload));
  }

  @Transaction(name = "RangeCount", intent = Transaction.TYPE.EVALUATE)
  public String rangeCount(Context ctx, String start, String end) throws Exception {
    int count = 0;
    try (QueryResultsIterator<KeyValue> range = ctx.getStub().getStateByRange(start, end)) {
      for (KeyValue ignored : range) {
        count++;
      }
    }
    return Integer.toString(count);
  }

  @Transaction(name = "PutComposite", intent = Transaction.TYPE.SUBMIT)
  public void putComposite(Context ctx, String type, String attribute, String value) {
    ChaincodeStub stub = ctx.getStub();
    stub.putState(stub.createCompositeKey(type, attribute).toString(), utf8(value));
  }

  /** The attributes under a partial composite key, in the order the ledger returns them. */
  @Transaction(name = "CompositeAttributes", intent = Transaction.TYPE.EVALUATE)
  public String compositeAttributes(Context ctx, String type) throws Exception {
    List<String> attributes = new ArrayList<>();
    ChaincodeStub stub = ctx.getStub();
    try (QueryResultsIterator<KeyValue> range = stub.getStateByPartialCompositeKey(type)) {
      for (KeyValue kv : range) {
        attributes.add(stub.splitCompositeKey(kv.getKey()).getAttributes().get(0));
      }
    }
    return String.join(",", attributes);
  }

  /** One page: {@code attr1,attr2|bookmark}. */
  @Transaction(name = "CompositePage", intent = Transaction.TYPE.EVALUATE)
  public String compositePage(Context ctx, String type, String pageSize, String bookmark)
      throws Exception {
    List<String> attributes = new ArrayList<>();
    ChaincodeStub stub = ctx.getStub();
    String next;
    try (QueryResultsIteratorWithMetadata<KeyValue> page =
        stub.getStateByPartialCompositeKeyWithPagination(
            new CompositeKey(type), Integer.parseInt(pageSize), bookmark)) {
      for (KeyValue kv : page) {
        attributes.add(stub.splitCompositeKey(kv.getKey()).getAttributes().get(0));
      }
      next = page.getMetadata().getBookmark();
    }
    return String.join(",", attributes) + "|" + next;
  }

  /** {@code value@txId} per version ({@code <deleted>} for deletions), oldest first. */
  @Transaction(name = "History", intent = Transaction.TYPE.EVALUATE)
  public String history(Context ctx, String key) throws Exception {
    List<String> versions = new ArrayList<>();
    try (QueryResultsIterator<KeyModification> history = ctx.getStub().getHistoryForKey(key)) {
      for (KeyModification version : history) {
        versions.add(
            (version.isDeleted() ? "<deleted>" : version.getStringValue())
                + "@"
                + version.getTxId());
      }
    }
    return String.join(",", versions);
  }

  /** Writes a key and reads it back in the same transaction: a peer returns the old value. */
  @Transaction(name = "PutAndRead", intent = Transaction.TYPE.SUBMIT)
  public String putAndRead(Context ctx, String key, String value) {
    ctx.getStub().putState(key, utf8(value));
    return new String(ctx.getStub().getState(key), StandardCharsets.UTF_8);
  }

  @Transaction(name = "Whoami", intent = Transaction.TYPE.EVALUATE)
  public String whoami(Context ctx) {
    return ctx.getClientIdentity().getMSPID()
        + "/"
        + ctx.getClientIdentity().getAttributeValue("role")
        + "/"
        + ctx.getStub().getChannelId()
        + "/"
        + ctx.getStub().getTxTimestamp().getEpochSecond();
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
