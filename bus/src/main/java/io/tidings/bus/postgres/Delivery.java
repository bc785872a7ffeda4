package io.tidings.bus.postgres;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's single delivery thread: runs listener calls and request completions one at a time, in the
 * order they were handed over, so that a slow listener never holds up the Vert.x event loop that reads
 * PostgreSQL.
 *
 * <p>The hand-off is bounded for messages ({@link #offerMessage}): past the limit a message is dropped and
 * counted rather than queued without end. Membership changes and request completions
 * ({@link #offerControl}) are rare and always queued, so a flood can never make the node forget a peer or a
 * pending request. Any thread may hand over; an exception thrown by a task is logged and the thread goes on.
 */
final class Delivery {

  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  private static final Runnable STOP = () -> {};

  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final AtomicInteger queuedMessages = new AtomicInteger();
  private final int messageLimit;
  private final BusCounters counters;
  private final ThrottledWarning drops = new ThrottledWarning(log, "Dropped received messages: the listener is too slow");
  private final ThrottledWarning failures = new ThrottledWarning(log, "A bus listener threw");
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Thread thread;

  Delivery(String name, int messageLimit, BusCounters counters) {
    this.messageLimit = messageLimit;
    this.counters = counters;
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    thread.start();
  }

  /** Hands over a message delivery; false (and counted) when the listener is too far behind. */
  boolean offerMessage(Runnable delivery) {
    if (queuedMessages.incrementAndGet() > messageLimit) {
      queuedMessages.decrementAndGet();
      counters.droppedDeliveries.increment();
      drops.record(1, queuedMessages.get() + " waiting, limit " + messageLimit);
      return false;
    }
    tasks.add(() -> {
      queuedMessages.decrementAndGet();
      delivery.run();
    });
    return true;
  }

  /** Hands over a call that must not be dropped. */
  void offerControl(Runnable call) {
    tasks.add(call);
  }

  /** True when called on the delivery thread itself. */
  boolean isCurrentThread() {
    return Thread.currentThread() == thread;
  }

  /** Runs what is queued, then ends the thread; completes when it has ended. */
  CompletableFuture<Void> stop() {
    tasks.add(STOP);
    return stopped;
  }

  void flushWarnings(boolean closing) {
    if (closing) {
      drops.flushNow();
      failures.flushNow();
    } else {
      drops.flush();
      failures.flush();
    }
  }

  private void run() {
    try {
      while (true) {
        Runnable task = tasks.take();
        if (task == STOP) {
          break;
        }
        try {
          task.run();
        } catch (Throwable t) {
          failures.record(1, t.toString());
          log.debug("Bus listener failure", t);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.complete(null);
    }
  }
}
