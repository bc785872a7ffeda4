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
 * snapshots): {@code published}, those handed to the bus and not refused by it, and {@code applied},
 * those that came back and were applied. A read takes {@code published} as its target and waits, in a
 * FIFO, until {@code applied} reaches it (or {@code published}, should a refusal have lowered it since), or
 * until its deadline; a read released by its deadline is counted.
 *
 * <p><b>What never comes back.</b> A change the bus refuses (its outgoing queue full, or shutting down) is
 * taken back from {@code published} at once ({@link #refused}): counting it would keep {@code applied}
 * behind for good, and every later read would wait the whole cap. A change the bus took can still be lost
 * afterwards (the database refuses its batch, the namespace's delivery lane overflows, an outage longer
 * than the replay window). So a read released by its deadline also writes off what it waited for:
 * {@code applied} is raised to its target, and one loss costs one read the cap, not every later one.
 *
 * <p><b>Hazard.</b> A written-off change may still come back, late. {@code applied} never passes
 * {@code published}, so it cannot release later reads early for good; but if a newer change is in flight
 * when the late one arrives, the late one is counted for it, and a read waiting for the newer change may
 * run before it: once per late arrival, only after a change took longer than the cap.
 *
 * <p><b>Threading:</b> {@link #publishing} and {@link #refused} from any thread (event loops, inside the
 * channel's {@code compute}); {@link #read} from any thread (it hops to the state thread); {@link #applied}
 * and {@link #expire} on the cluster state thread, which owns {@code applied} and the waiters.
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

  /**
   * One of this node's change messages is being handed to the bus. Counted before the bus has it, so the
   * message cannot come back before it is counted. Any thread.
   */
  void publishing() {
    published.incrementAndGet();
  }

  /** The bus refused the message announced by {@link #publishing}: it will never come back. Any thread. */
  void refused() {
    published.decrementAndGet();
  }

  /** One of this node's change messages came back and was applied. State thread. */
  void applied() {
    applied = Math.min(applied + 1, published.get());
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
      if (applied >= Math.min(target, published.get())) {
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
      // A target may count a change refused after the read took it; what is still published bounds it.
      long due = Math.min(w.target(), published.get());
      if (applied >= due) {
        waiters.poll().read().run();
      } else if (expireOld && now - w.deadlineNanos() >= 0) {
        applied = due; // written off: see the class comment
        waiters.poll().read().run();
        timedOut.run();
      } else {
        break;
      }
    }
  }
}
