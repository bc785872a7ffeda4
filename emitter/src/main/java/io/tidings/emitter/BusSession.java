package io.tidings.emitter;

import io.tidings.bus.BusPublishException;
import io.tidings.bus.BusPublisher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an {@link Emitter} and every emitter and operator derived from it share: the bus's publish-only
 * handle they send through (owned, and then closed with them, or the caller's), the options, the counters,
 * and where futures complete.
 *
 * <p>A send's future completes once PostgreSQL committed the message, or fails with an {@link EmitterException}
 * whose cause is the bus's {@link BusPublishException}; either way it is counted. The bus settles it on its
 * event loop; it is completed on the callback executor instead, so that a caller's callback never blocks the
 * session (the default executor is one daemon thread of this session's own, which also keeps completions in
 * send order).
 *
 * <p><b>Threading:</b> thread-safe; {@link #send} never blocks, {@link #close} waits for the owned handle to send
 * what is queued.
 */
final class BusSession {

  private final BusPublisher publisher;
  private final boolean ownsPublisher;
  private final EmitterOptions options;
  private final EmitterCounters counters;
  private final Executor callbacks;
  /** The executor this session made (and shuts down), or null when the caller gave one. */
  private final ExecutorService ownCallbacks;
  private final AtomicBoolean closed = new AtomicBoolean();

  BusSession(BusPublisher publisher, boolean ownsPublisher, EmitterOptions options) {
    this.publisher = publisher;
    this.ownsPublisher = ownsPublisher;
    this.options = options;
    this.counters = new EmitterCounters(() -> publisher.stats().queuedMessages());
    if (options.callbackExecutor() != null) {
      this.callbacks = options.callbackExecutor();
      this.ownCallbacks = null;
    } else {
      this.ownCallbacks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tidings-emitter-callbacks");
        t.setDaemon(true);
        return t;
      });
      this.callbacks = ownCallbacks;
    }
  }

  EmitterOptions options() {
    return options;
  }

  EmitterCounters counters() {
    return counters;
  }

  /** Sends {@code m} to namespace {@code nsp}; see the class comment for the future. Any thread. */
  CompletableFuture<Void> send(String nsp, ClusterMessages.Message m) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    if (closed.get()) {
      counters.failed.increment();
      result.completeExceptionally(new EmitterException("Could not publish " + ClusterMessages.describe(m, nsp)
          + ": the emitter is closed", new BusPublishException(BusPublishException.Reason.SHUT_DOWN, "the emitter is closed")));
      return result;
    }
    publisher.send(nsp, m.type(), m.data(), options.sendTimeout()).whenComplete((v, failure) -> {
      if (failure == null) {
        counters.sent.increment();
      } else {
        counters.failed.increment();
      }
      complete(result, failure == null ? null
          : new EmitterException("Could not publish " + ClusterMessages.describe(m, nsp) + ": " + failure.getMessage(), failure));
    });
    return result;
  }

  private void complete(CompletableFuture<Void> result, EmitterException failure) {
    Runnable settle = () -> {
      if (failure == null) result.complete(null);
      else result.completeExceptionally(failure);
    };
    try {
      callbacks.execute(settle);
    } catch (RejectedExecutionException closing) {
      settle.run(); // the executor is gone (closed): settle here rather than never
    }
  }

  /**
   * Refuses further sends; an owned handle sends what is queued (for a bounded time) and closes. The own
   * callback thread then finishes what it holds and stops.
   */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ownsPublisher) {
      publisher.close();
    }
    if (ownCallbacks != null) {
      ownCallbacks.shutdown();
      try {
        ownCallbacks.awaitTermination(options.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
