package io.tidings.bus.postgres;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's single delivery thread: runs listener calls and request completions so that a slow listener
 * never holds up the Vert.x event loop that reads PostgreSQL.
 *
 * <p><b>One lane per namespace.</b> Each namespace hands its work to its own {@link DeliveryLane}, a FIFO
 * with its own bound on messages: a flood on one namespace (Socket.IO traffic) fills that lane only and
 * can never make another namespace (the Pusher cluster state) lose a message. Order within a lane is kept,
 * and a lane's tasks never run concurrently.
 *
 * <p><b>One thread, a fair scheduler.</b> A thread per namespace would cost a thread and a context switch
 * per namespace for work that is mostly microseconds long, and would let two namespaces' listeners run at
 * once, which callers of one bus have never had to expect. Instead the lanes that have work wait in a
 * round-robin queue; the thread takes the first, runs at most {@value #QUANTUM} of its tasks, and puts it
 * back at the end if it still has work. So every namespace with work gets a turn after at most
 * {@value #QUANTUM} tasks of each other busy namespace, and when only one namespace is busy the thread
 * stays on it without touching the queue. A lane enters the round-robin queue when it goes from empty to
 * non-empty ({@link DeliveryLane}), so an idle namespace costs nothing.
 *
 * <p>Messages past a lane's bound are dropped, counted per namespace ({@link #droppedByNamespace()}) and
 * logged (throttled); control calls (membership, request answers and completions) are never dropped.
 *
 * <p><b>Threading:</b> any thread may hand over work; an exception thrown by a task is logged and the
 * thread goes on.
 */
final class Delivery {

  /** The most tasks of one lane run before the next busy lane gets its turn. */
  static final int QUANTUM = 16;

  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  /** Put in the round-robin queue by {@link #stop()}: run what is queued, then end. */
  private static final DeliveryLane STOP = new DeliveryLane("(stop)", 0, null, new LongAdder(), null);

  private final LinkedBlockingQueue<DeliveryLane> ready = new LinkedBlockingQueue<>();
  private final int messageLimit;
  private final BusCounters counters;
  /** Drops per namespace name, kept across leave and join so that the figures only grow. */
  private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();
  private final Map<String, DeliveryLane> lanes = new ConcurrentHashMap<>();
  private final ThrottledWarning failures;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Thread thread;

  /**
   * @param messageLimit the bound of each lane: messages that may wait for one namespace's listener
   */
  Delivery(String name, int messageLimit, BusCounters counters) {
    this.messageLimit = messageLimit;
    this.counters = counters;
    this.failures = new ThrottledWarning(log, "A bus listener threw", counters.errors());
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    thread.start();
  }

  /** A new lane for {@code namespace}, replacing the one it had before (which must be empty or abandoned). */
  DeliveryLane lane(String namespace) {
    DeliveryLane lane = new DeliveryLane(namespace, messageLimit, ready::add,
        drops.computeIfAbsent(namespace, n -> new LongAdder()), counters.droppedDeliveries, counters.errors());
    lanes.put(namespace, lane);
    return lane;
  }

  /** Forgets {@code lane} for warnings (its drop count stays). */
  void remove(DeliveryLane lane) {
    lanes.remove(lane.namespace(), lane);
  }

  /** Received messages dropped per namespace, since the bus started. Any thread; a fresh copy. */
  Map<String, Long> droppedByNamespace() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    drops.forEach((ns, n) -> copy.put(ns, n.sum()));
    return copy;
  }

  /** True when called on the delivery thread itself. */
  boolean isCurrentThread() {
    return Thread.currentThread() == thread;
  }

  /** Runs what every lane holds, then ends the thread; completes when it has ended. */
  CompletableFuture<Void> stop() {
    ready.add(STOP);
    return stopped;
  }

  void flushWarnings(boolean closing) {
    for (DeliveryLane lane : lanes.values()) {
      lane.flushWarnings(closing);
    }
    if (closing) {
      failures.flushNow();
    } else {
      failures.flush();
    }
  }

  private void run() {
    try {
      boolean stopping = false;
      while (true) {
        DeliveryLane lane = stopping ? ready.poll() : ready.take();
        if (lane == null) {
          break; // stopping, and every lane is empty
        }
        if (lane == STOP) {
          stopping = true;
          continue;
        }
        runTurn(lane);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.complete(null);
    }
  }

  /** Runs up to a quantum of {@code lane}'s tasks, longer while no other lane waits; requeues it if it has more. */
  private void runTurn(DeliveryLane lane) {
    int ran = 0;
    while (true) {
      boolean more = lane.runOne(this::failed);
      if (!more) {
        return; // the lane is empty: its next task schedules it again
      }
      if (++ran >= QUANTUM && !ready.isEmpty()) {
        ready.add(lane);
        return;
      }
    }
  }

  private void failed(Throwable t) {
    failures.record(1, t.toString());
    log.debug("Bus listener failure", t);
  }
}
