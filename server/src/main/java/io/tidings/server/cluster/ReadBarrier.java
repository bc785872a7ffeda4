package io.tidings.server.cluster;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The read barrier: an HTTP read of the cluster view ({@code /channels}, {@code /channels/{c}},
 * {@code /users}) runs once this node's own earlier changes have come back over the bus and been applied,
 * so that a read right after a subscribe sees it; or after {@value #CAP_MILLIS} ms at most.
 *
 * <p><b>Algorithm.</b> Two counts of this node's own change messages (channel counts, presence tallies,
 * snapshots): {@code published}, taken when one is handed to the bus, and {@code applied}, taken when one
 * comes back and has been applied. A read takes {@code published} as its target and waits in a FIFO until
 * {@code applied} reaches it (targets only grow, so the FIFO releases in order), or until its deadline; a
 * read released by its deadline is counted.
 *
 * <p><b>Threading:</b> {@link #publishing} from any thread (event loops, inside the channel's
 * {@code compute}); {@link #read} from any thread (it hops to the state thread); {@link #applied} and
 * {@link #expire} on the cluster state thread, which owns {@code applied} and the waiters.
 */
final class ReadBarrier {

  /** How long a read waits for this node's own recent changes to come back, at most. */
  static final long CAP_MILLIS = 250;

  private record Waiter(long target, long deadlineNanos, Runnable read) {}

  private final Executor stateThread;
  private final LongSupplier nanoClock;
  private final Runnable timedOut;
  private final AtomicLong published = new AtomicLong();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(); // state thread
  private long applied; // state thread

  /**
   * @param stateThread the cluster state thread
   * @param nanoClock   the time source ({@link System#nanoTime} outside tests)
   * @param timedOut    told each time a read is released by its deadline (a metric)
   */
  ReadBarrier(Executor stateThread, LongSupplier nanoClock, Runnable timedOut) {
    this.stateThread = stateThread;
    this.nanoClock = nanoClock;
    this.timedOut = timedOut;
  }

  /** One of this node's change messages is being handed to the bus. Any thread. */
  void publishing() {
    published.incrementAndGet();
  }

  /** One of this node's change messages came back and was applied. State thread. */
  void applied() {
    applied++;
    release(false);
  }

  /** Runs {@code read} on the state thread once this node's earlier changes are applied, or at the cap. Any thread. */
  <T> CompletableFuture<T> read(Supplier<T> read) {
    long target = published.get();
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable run = () -> {
      try {
        result.complete(read.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    };
    stateThread.execute(() -> {
      if (applied >= target) {
        run.run();
      } else {
        waiters.add(new Waiter(target, nanoClock.getAsLong() + TimeUnit.MILLISECONDS.toNanos(CAP_MILLIS), run));
      }
    });
    return result;
  }

  /** Releases the reads whose deadline has passed. State thread, periodically. */
  void expire() {
    release(true);
  }

  private void release(boolean expireOld) {
    long now = nanoClock.getAsLong();
    while (!waiters.isEmpty()) {
      Waiter w = waiters.peek();
      if (applied >= w.target()) {
        waiters.poll().read().run();
      } else if (expireOld && now - w.deadlineNanos() >= 0) {
        waiters.poll().read().run();
        timedOut.run();
      } else {
        break;
      }
    }
  }
}
