package org.chipledger.client.embedded;

import java.util.Iterator;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/** The shim's query-result iterators over a single pass of entries. */
final class StubResults<T> implements QueryResultsIterator<T>, QueryResultsIteratorWithMetadata<T> {
  private final Iterator<T> entries;
  private final Runnable onClose;
  private final QueryResponseMetadata metadata;

  StubResults(Iterator<T> entries, Runnable onClose, QueryResponseMetadata metadata) {
    this.entries = entries;
    this.onClose = onClose;
    this.metadata = metadata;
  }

  @Override
  public Iterator<T> iterator() {
    return entries;
  }

  @Override
  public QueryResponseMetadata getMetadata() {
    return metadata;
  }

  @Override
  public void close() {
    onClose.run();
  }
}
