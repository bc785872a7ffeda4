package io.tidings.socketio;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket's user code (middlewares, handlers, acknowledgement callbacks) one task at a time, in
 * the order given. Without an executor the tasks run on the connection's event loop: inline when given there,
 * handed to the loop when given elsewhere (a middleware that calls {@code next} from its own thread). With
 * one, they run there, at most one at a time for this queue; so a slow handler holds up only its own socket,
 * never the loop that answers its pings.
 *
 * <p><b>Threading:</b> {@link #run} from any thread. A task that throws is logged; the next one runs.
 */
final class HandlerQueue {

  private static final Logger log = LoggerFactory.getLogger(HandlerQueue.class);

  private final Executor executor;
  private final EventLoop loop;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean draining;

  HandlerQueue(Executor executor, EventLoop loop) {
    this.executor = executor;
    this.loop = loop;
  }

  void run(Runnable task) {
    if (executor == null) {
      if (loop.inEventLoop()) {
        safely(task);
      } else {
        try {
          loop.execute(() -> safely(task));
        } catch (RejectedExecutionException e) {
          log.debug("the event loop is shut down; a handler task is dropped");
        }
      }
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
