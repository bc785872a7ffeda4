package io.tidings.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The read barrier's counting, with the clock in the test's hands and the state thread being the test's
 * own (every task runs at once, in order).
 */
class ReadBarrierTest {

  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final AtomicInteger timeouts = new AtomicInteger();
  final ReadBarrier barrier = new ReadBarrier(Runnable::run, nanos::get, timeouts::incrementAndGet);

  CompletableFuture<String> read() {
    return barrier.read(() -> "read");
  }

  void pastTheCap() {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ReadBarrier.CAP_MILLIS));
    barrier.expire();
  }

  @Test
  void aReadWithNothingOutstandingRunsAtOnce() {
    assertThat(read()).isCompletedWithValue("read");
  }

  @Test
  void aReadWaitsUntilTheChangesPublishedBeforeItAreApplied() {
    barrier.publishing();
    barrier.publishing();
    CompletableFuture<String> r = read();
    barrier.applied();
    assertThat(r).isNotDone();
    barrier.applied();
    assertThat(r).isCompletedWithValue("read");
    assertThat(timeouts).hasValue(0);
  }

  @Test
  void aReadIsNotHeldByAChangePublishedAfterIt() {
    barrier.publishing();
    CompletableFuture<String> r = read();
    barrier.publishing();
    barrier.applied();
    assertThat(r).isDone();
  }

  @Test
  void aReadThatReachesTheCapRunsAndIsCounted() {
    barrier.publishing();
    CompletableFuture<String> r = read();
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ReadBarrier.CAP_MILLIS - 1));
    barrier.expire();
    assertThat(r).isNotDone();
    pastTheCap();
    assertThat(r).isCompletedWithValue("read");
    assertThat(timeouts).hasValue(1);
  }

  @Test
  void aChangeTheBusRefusedIsNeverWaitedFor() {
    barrier.publishing();
    barrier.refused();
    assertThat(read()).isDone();
    barrier.publishing();
    CompletableFuture<String> r = read();
    barrier.applied();
    assertThat(r).isDone();
    assertThat(timeouts).hasValue(0);
  }

  @Test
  void aReadWaitingForAChangeThatIsThenRefusedIsReleasedByTheNextApplied() {
    barrier.publishing();
    barrier.publishing();
    CompletableFuture<String> r = read();
    barrier.refused(); // the second never reached the bus
    barrier.applied();
    assertThat(r).isDone();
    assertThat(timeouts).hasValue(0);
  }

  @Test
  void aChangeLostAfterTheBusTookItCostsOneReadTheCapNotEveryLaterOne() {
    barrier.publishing(); // queued, then lost (its batch refused by the database, say): never applied
    CompletableFuture<String> first = read();
    pastTheCap();
    assertThat(first).isDone();
    assertThat(read()).isDone();
    assertThat(read()).isDone();
    assertThat(timeouts).hasValue(1);
  }

  @Test
  void aWrittenOffChangeThatComesBackLateIsNotCountedForALaterOne() {
    barrier.publishing();
    read();
    pastTheCap(); // written off
    barrier.applied(); // it came back after all
    barrier.publishing(); // a later change
    CompletableFuture<String> r = read();
    assertThat(r).as("the late one must not stand in for the later one").isNotDone();
    barrier.applied();
    assertThat(r).isDone();
    assertThat(timeouts).hasValue(1);
  }
}
