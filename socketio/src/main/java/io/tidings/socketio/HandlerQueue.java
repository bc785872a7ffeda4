package io.tidings.socketio;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket's user code (middlewares, handlers, acknowledgement callbacks) one task at a time, in
 * the order given.
 *
 * <p>Without an executor the tasks run on the connection's event loop: inline when given there and nothing
 * waits before them, otherwise as a later task of the loop (a middleware that calls {@code next} from its own
 * thread; anything given after a {@link #runLater}). With an executor they run there, at most one at a time
 * for this queue; so a slow handler holds up only its own socket, never the loop that answers its pings.
 *
 * <p><b>Threading:</b> {@link #run} and {@link #runLater} from any thread. A task that throws is logged; the
 * next one runs.
 */
final class HandlerQueue {

  private static final Logger log = LoggerFactory.getLogger(HandlerQueue.class);

  private final Executor executor;
  private final EventLoop loop;
  // room for one task to start with (it grows when needed): most sockets never queue more, and the default
  // 16 slots would be kept by every idle connection
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(1);
  private boolean draining;

  HandlerQueue(Executor executor, EventLoop loop) {
    this.executor = executor;
    this.loop = loop;
  }

  /** Runs {@code task} after those given before it: inline on the loop when nothing waits. */
  void run(Runnable task) {
    if (executor == null && loop.inEventLoop()) {
      synchronized (this) {
        if (draining || !tasks.isEmpty()) {
          tasks.addLast(task);
          return;
        }
        draining = true;
      }
      try {
        safely(task);
      } finally {
        afterInline();
      }
      return;
    }
    enqueue(task);
  }

  /**
   * Runs {@code task} as a later task of the loop (or on the executor), never inline; what is given after
   * it waits for it. Why: the socket's CONNECT answer leaves in its own write before what the
   * {@code "connection"} handlers send, as from Node, whose engine sends the first packet at once and holds
   * the next ones until that write is done (the official protocol suite reads them as two messages).
   */
  void runLater(Runnable task) {
    enqueue(task);
  }

  private void enqueue(Runnable task) {
    synchronized (this) {
      tasks.addLast(task);
      if (draining) return;
      draining = true;
    }
    schedule();
  }

  /** After an inline task: what it gave meanwhile runs as a later task, never inline (see {@link #runLater}). */
  private void afterInline() {
    synchronized (this) {
      if (tasks.isEmpty()) {
        draining = false;
        return;
      }
    }
    schedule();
  }

  /** Drains on the executor or as a task of the loop; the caller has claimed the queue ({@code draining}). */
  private void schedule() {
    try {
      if (executor != null) executor.execute(this::drainAndRelease); else loop.execute(this::drainAndRelease);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        tasks.clear();
        draining = false;
      }
      log.debug("the handler executor or loop refused a task; the socket's pending handlers are dropped");
    }
  }

  private void drainAndRelease() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = tasks.pollFirst();
        if (next == null) {
          draining = false;
          return;
        }
      }
      safely(next);
    }
  }

  private static void safely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("a Socket.IO handler threw", e);
    }
  }
}
