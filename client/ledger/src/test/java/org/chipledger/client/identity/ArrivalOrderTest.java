package org.chipledger.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArrivalOrderTest {
  @Test
  void stepsRunInTicketOrderWhateverOrderTheChecksFinishIn() {
    qt().forAll(integers().between(1, 200), longs().all())
        .checkAssert(
            (count, seed) -> {
              ArrivalOrder order = new ArrivalOrder();
              List<Long> tickets = new ArrayList<>();
              for (int i = 0; i < count; i++) {
                tickets.add(order.ticket());
              }
              List<Long> finished = new ArrayList<>(tickets);
              Collections.shuffle(finished, new Random(seed));
              List<Long> ran = new ArrayList<>();
              for (long ticket : finished) {
                order.release(ticket, () -> ran.add(ticket));
              }
              List<Long> expected = new ArrayList<>();
              for (long i = 0; i < count; i++) {
                expected.add(i);
              }
              assertThat(ran).isEqualTo(expected);
              assertThat(order.pending()).isZero();
            });
  }

  @Test
  void aLaterTicketWaitsForAnEarlierOneAndAFailingStepStallsNothing() {
    ArrivalOrder order = new ArrivalOrder();
    long first = order.ticket();
    long second = order.ticket();
    List<String> ran = new ArrayList<>();
    order.release(second, () -> ran.add("second"));
    assertThat(ran).isEmpty();
    order.release(
        first,
        () -> {
          throw new IllegalStateException("boom");
        });
    assertThat(ran).containsExactly("second");
    assertThatThrownBy(() -> order.release(first, () -> {}))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> order.release(9, () -> {})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFullPoolRefusesAtOnceInsteadOfQueueingWithoutBound() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    try (VerifierPool pool = new VerifierPool("test", 1, 2)) {
      var running =
          pool.submit(
              () -> {
                try {
                  return hold.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      while (pool.backlog() < 1) {
        Thread.sleep(5);
      }
      var a = pool.submit(() -> 1);
      var b = pool.submit(() -> 2);
      assertThatThrownBy(() -> pool.submit(() -> 3)).isInstanceOf(RejectedExecutionException.class);
      hold.countDown();
      assertThat(running.get(1, TimeUnit.MINUTES)).isTrue();
      assertThat(a.get(1, TimeUnit.MINUTES) + b.get(1, TimeUnit.MINUTES)).isEqualTo(3);
    }
  }
}
