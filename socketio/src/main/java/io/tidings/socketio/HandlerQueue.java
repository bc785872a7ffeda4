package io.tidings.socketio;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's user code (middlewares, handlers, acknowledgement callbacks) one task at a time, in
 * the order given. Without an executor the tasks run inline, on the connection's event loop, where they are
 * given. With one, they run there, at most one at a time for this queue; so a slow handler holds up only its
 * own connection, never the loop that answers its pings.
 *
 * <p><b>Threading:</b> {@link #run} from any thread. A task that throws is logged; the next one runs.
 */
final class HandlerQueue {

  private static final Logger log = LoggerFactory.getLogger(HandlerQueue.class);

  private final Executor executor;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean draining;

  HandlerQueue(Executor executor) {
    this.executor = executor;
  }

  void run(Runnable task) {
    if (executor == null) {
      safely(task);
      return;
    }
    synchronized (this) {
      tasks.addLast(task);
      if (draining) return;
      draining = true;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        tasks.clear();
        draining = false;
      }
      log.warn("the handler executor refused a task; the connection's pending handlers are dropped", e);
    }
  }

  private void drain() {
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
