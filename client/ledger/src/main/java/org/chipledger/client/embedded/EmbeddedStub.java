package org.chipledger.client.embedded;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.chipledger.client.ledger.LedgerException;
import org.chipledger.proto.ledger.v1.TxProposal;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * The Fabric {@link ChaincodeStub} for one transaction on the embedded ledger. Reads go to a {@link
 * StateView}; writes and the event are buffered here and applied only if the contract succeeds. As
 * on a peer, a transaction does not read its own writes, missing keys read as empty, and a write of
 * an empty value is a deletion.
 */
final class EmbeddedStub implements ChaincodeStub {
  static final String CHANNEL = "treaty";
  private static final String NO_PRIVATE_DATA =
      "private data collections are not available on the embedded ledger";
  // Fabric's range conventions: simple-key ranges start after the composite-key namespace (0x00)
  // and partial composite keys end just below U+10FFFF, which no key segment may contain.
  private static final String FIRST_SIMPLE_KEY = "\u0001";
  private static final String MAX_UNICODE_RUNE = "\udbff\udfff";

  private final TxProposal proposal;
  private final StateView view;
  private final Map<String, byte[]> writes = new LinkedHashMap<>();
  private final List<MergedRange> openRanges = new ArrayList<>();
  private ChaincodeEvent event;
  private LedgerException storageFailure;

  EmbeddedStub(TxProposal proposal, StateView view) {
    this.proposal = proposal;
    this.view = view;
  }

  /** The buffered writes in the order first written; an empty value is a deletion. */
  Map<String, byte[]> writes() {
    return Collections.unmodifiableMap(writes);
  }

  Optional<ChaincodeEvent> committedEvent() {
    return Optional.ofNullable(event);
  }

  /**
   * A storage error hit while the contract ran. The router turns any exception into a generic
   * failure, so the stub remembers it to report the real cause.
   */
  Optional<LedgerException> storageFailure() {
    return Optional.ofNullable(storageFailure);
  }

  /** Releases iterators the contract did not close. */
  void closeRanges() {
    openRanges.forEach(MergedRange::close);
    openRanges.clear();
  }

  @Override
  public List<byte[]> getArgs() {
    List<byte[]> args = new ArrayList<>(proposal.getArgsCount() + 1);
    args.add(proposal.getFunction().getBytes(StandardCharsets.UTF_8));
    for (String arg : proposal.getArgsList()) {
      args.add(arg.getBytes(StandardCharsets.UTF_8));
    }
    return args;
  }

  @Override
  public List<String> getStringArgs() {
    List<String> args = new ArrayList<>(proposal.getArgsCount() + 1);
    args.add(proposal.getFunction());
    args.addAll(proposal.getArgsList());
    return args;
  }

  @Override
  public String getFunction() {
    return proposal.getFunction();
  }

  @Override
  public List<String> getParameters() {
    return proposal.getArgsList();
  }

  @Override
  public String getTxId() {
    return proposal.getTxId();
  }

  @Override
  public String getChannelId() {
    return CHANNEL;
  }

  @Override
  public byte[] getCreator() {
    return proposal.getCreator().toByteArray();
  }

  @Override
  public Instant getTxTimestamp() {
    return Proposals.instant(proposal.getTimestamp());
  }

  @Override
  public byte[] getState(String key) {
    byte[] value = storage(() -> view.get(StateKeys.encode(key)));
    return value == null ? new byte[0] : value;
  }

  @Override
  public void putState(String key, byte[] value) {
    requireKey(key);
    writes.put(key, value == null ? GroupOverlay.DELETED : value.clone());
  }

  @Override
  public void delState(String key) {
    requireKey(key);
    writes.put(key, GroupOverlay.DELETED);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
    String start = startKey == null || startKey.isEmpty() ? FIRST_SIMPLE_KEY : startKey;
    String end = endKey == null ? "" : endKey;
    CompositeKey.validateSimpleKeys(start, end);
    return results(range(start, end.isEmpty() ? null : end));
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
      String startKey, String endKey, int pageSize, String bookmark) {
    String start = startKey == null || startKey.isEmpty() ? FIRST_SIMPLE_KEY : startKey;
    String end = endKey == null ? "" : endKey;
    CompositeKey.validateSimpleKeys(start, end);
    return page(start, end.isEmpty() ? null : end, pageSize, bookmark);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
    CompositeKey key =
        compositeKey.startsWith(CompositeKey.NAMESPACE)
            ? CompositeKey.parseCompositeKey(compositeKey)
            : new CompositeKey(compositeKey);
    return getStateByPartialCompositeKey(key);
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(
      String objectType, String... attributes) {
    return getStateByPartialCompositeKey(new CompositeKey(objectType, attributes));
  }

  @Override
  public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
    String prefix = partial(compositeKey);
    return results(range(prefix, prefix + MAX_UNICODE_RUNE));
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
      CompositeKey compositeKey, int pageSize, String bookmark) {
    String prefix = partial(compositeKey);
    return page(prefix, prefix + MAX_UNICODE_RUNE, pageSize, bookmark);
  }

  @Override
  public CompositeKey createCompositeKey(String objectType, String... attributes) {
    return new CompositeKey(objectType, attributes);
  }

  @Override
  public CompositeKey splitCompositeKey(String compositeKey) {
    return CompositeKey.parseCompositeKey(compositeKey);
  }

  /** Committed versions only, oldest first (a peer also leaves out the running block). */
  @Override
  public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
    List<KeyModification> versions =
        new ArrayList<>(storage(() -> view.history(StateKeys.encode(key))));
    return new StubResults<>(versions.iterator(), () -> {}, null);
  }

  /** As on Fabric, a transaction has at most one event: the last one set wins. */
  @Override
  public void setEvent(String name, byte[] payload) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("event name can not be nil string");
    }
    ChaincodeEvent.Builder builder =
        ChaincodeEvent.newBuilder()
            .setEventName(name)
            .setTxId(proposal.getTxId())
            .setChaincodeId("chipledger");
    if (payload != null) {
      builder.setPayload(ByteString.copyFrom(payload));
    }
    event = builder.build();
  }

  @Override
  public ChaincodeEvent getEvent() {
    return event;
  }

  @Override
  public SignedProposal getSignedProposal() {
    return null;
  }

  @Override
  public Map<String, byte[]> getTransient() {
    return Map.of();
  }

  @Override
  public byte[] getBinding() {
    return new byte[0];
  }

  @Override
  public String getMspId() {
    throw new UnsupportedOperationException("the embedded ledger has no peer, so no peer MSP id");
  }

  @Override
  public Chaincode.Response invokeChaincode(String name, List<byte[]> args, String channel) {
    throw new UnsupportedOperationException(
        "chaincode-to-chaincode calls are not available on the embedded ledger");
  }

  @Override
  public QueryResultsIterator<KeyValue> getQueryResult(String query) {
    throw new UnsupportedOperationException(
        "rich queries are not available on the embedded ledger (LevelDB semantics)");
  }

  @Override
  public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
      String query, int pageSize, String bookmark) {
    throw new UnsupportedOperationException(
        "rich queries are not available on the embedded ledger (LevelDB semantics)");
  }

  @Override
  public byte[] getStateValidationParameter(String key) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public void setStateValidationParameter(String key, byte[] value) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public byte[] getPrivateData(String collection, String key) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public byte[] getPrivateDataHash(String collection, String key) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public byte[] getPrivateDataValidationParameter(String collection, String key) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public void putPrivateData(String collection, String key, byte[] value) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public void delPrivateData(String collection, String key) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public void purgePrivateData(String collection, String key) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByRange(
      String collection, String startKey, String endKey) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String compositeKey) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, CompositeKey compositeKey) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
      String collection, String objectType, String... attributes) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  @Override
  public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
    throw new UnsupportedOperationException(NO_PRIVATE_DATA);
  }

  private MergedRange range(String from, String to) {
    MergedRange range =
        storage(() -> view.range(StateKeys.encode(from), to == null ? null : StateKeys.encode(to)));
    openRanges.add(range);
    return range;
  }

  /**
   * One page in Fabric's LevelDB style: the bookmark, when set, is the key to start from, and the
   * returned bookmark is the key after the page, or empty when the range is exhausted.
   */
  private StubResults<KeyValue> page(String from, String to, int pageSize, String bookmark) {
    if (pageSize <= 0) {
      throw new IllegalArgumentException("page size must be positive, got " + pageSize);
    }
    String start = bookmark == null || bookmark.isEmpty() ? from : bookmark;
    List<KeyValue> entries = new ArrayList<>(Math.min(pageSize, 1024));
    String next = "";
    try (MergedRange range = range(start, to)) {
      while (range.hasNext() && entries.size() < pageSize) {
        entries.add(range.next());
      }
      if (range.hasNext()) {
        next = range.next().getKey();
      }
    }
    QueryResponseMetadata metadata =
        QueryResponseMetadata.newBuilder()
            .setFetchedRecordsCount(entries.size())
            .setBookmark(next)
            .build();
    return new StubResults<>(entries.iterator(), () -> {}, metadata);
  }

  private static StubResults<KeyValue> results(MergedRange range) {
    Iterator<KeyValue> entries =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return range.hasNext();
          }

          @Override
          public KeyValue next() {
            return range.next();
          }
        };
    return new StubResults<>(entries, range::close, null);
  }

  private static String partial(CompositeKey key) {
    return key == null ? new CompositeKey(FIRST_SIMPLE_KEY).toString() : key.toString();
  }

  private static void requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key cannot not be an empty string");
    }
    StateKeys.encode(key);
  }

  private <T> T storage(Supplier<T> read) {
    try {
      return read.get();
    } catch (LedgerException e) {
      storageFailure = e;
      throw e;
    }
  }
}
