package org.chipledger.client.embedded;

/** A registration for committed events; once close() returns, its listener no longer runs. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
