package io.tidings.socketio;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a change that belongs to a connection's loop from wherever the application calls it. On that loop:
 * at once. On another event loop: handed over (a loop never waits for another). On any other thread (a
 * handler executor's): handed over and waited for, so that {@code socket.join("r")} followed by
 * {@code io.to("r").emit(…)} reaches the socket, as it does in Node.
 */
final class LoopCalls {

  private static final Logger log = LoggerFactory.getLogger(LoopCalls.class);
  private static final long WAIT_SECONDS = 10;

  private LoopCalls() {}

  static void run(EventLoop loop, Runnable change) {
    if (loop.inEventLoop()) {
      change.run();
      return;
    }
    if (loop.isShuttingDown()) return; // the connection is gone with its loop
    try {
      if (ThreadExecutorMap.currentExecutor() != null) {
        loop.execute(change);
        return;
      }
    } catch (RejectedExecutionException e) {
      return;
    }
    Future<?> done;
    try {
      done = loop.submit(change);
    } catch (RejectedExecutionException e) {
      return;
    }
    try {
      done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("a change on the connection's loop failed", e.getCause());
    } catch (TimeoutException e) {
      log.warn("the connection's loop did not run a change within {} s; not waiting longer", WAIT_SECONDS);
    }
  }
}
