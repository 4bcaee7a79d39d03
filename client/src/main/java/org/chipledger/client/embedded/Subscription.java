package org.chipledger.client.embedded;

/** A registration for committed events; closing it stops delivery. */
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
