package org.chipledger.client.identity;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A fixed set of daemon threads, one per core, that run signature checks and key parsing off the
 * threads that take requests. Its queue is bounded: a flood is refused at once ({@link
 * RejectedExecutionException}, which each caller turns into its own busy refusal) instead of
 * growing the heap.
 */
public final class VerifierPool implements AutoCloseable {
  /** Queued checks per thread before new work is refused. */
  public static final int QUEUE_PER_THREAD = 4096;

  private final ThreadPoolExecutor executor;

  /** A pool of {@code threads} threads and a queue of {@code capacity} checks. */
  public VerifierPool(String name, int threads, int capacity) {
    if (threads < 1 || capacity < 1) {
      throw new IllegalArgumentException("a pool needs a thread and a queue slot");
    }
    AtomicInteger count = new AtomicInteger();
    executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(capacity),
            task -> {
              Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** One thread per available core, {@link #QUEUE_PER_THREAD} queued checks each. */
  public static VerifierPool sizedToCores(String name) {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    return new VerifierPool(name, threads, threads * QUEUE_PER_THREAD);
  }

  /**
   * Runs {@code check} on a pool thread.
   *
   * @throws RejectedExecutionException if the queue is full or the pool is closed
   */
  public <T> CompletableFuture<T> submit(Supplier<T> check) {
    return CompletableFuture.supplyAsync(check, executor);
  }

  /** Checks queued or running. */
  public int backlog() {
    return executor.getQueue().size() + executor.getActiveCount();
  }

  /** Refuses new checks and waits for the queued ones to finish. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
