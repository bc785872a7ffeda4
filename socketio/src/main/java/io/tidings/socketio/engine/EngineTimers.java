package io.tidings.socketio.engine;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Where the engine's time comes from: the heartbeat ({@code pingInterval}, {@code pingTimeout}), the
 * upgrade's deadline and its 100 ms noop check, a closing poll's 30 s wait, and the handshake's
 * timestamp. {@link #SYSTEM} uses the event loop's scheduler and the wall clock; tests inject their own,
 * so a 25 s ping needs no 25 s sleep.
 *
 * <p><b>Threading:</b> {@link #schedule} is called on {@code loop} and must run {@code task} on
 * {@code loop}; {@link #currentTimeMillis} is called on event loops. Implementations are thread-safe.
 */
public interface EngineTimers {

  /** The event loop's own scheduler and {@link System#currentTimeMillis()}. */
  EngineTimers SYSTEM = new EngineTimers() {
    @Override
    public Timer schedule(EventLoop loop, long delayMillis, Runnable task) {
      var future = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
      return () -> future.cancel(false);
    }

    @Override
    public long currentTimeMillis() {
      return System.currentTimeMillis();
    }
  };

  /** Runs {@code task} on {@code loop} once, {@code delayMillis} from now. */
  Timer schedule(EventLoop loop, long delayMillis, Runnable task);

  /** The wall clock, in milliseconds since the epoch (the handshake's {@code time}). */
  long currentTimeMillis();

  /** A scheduled task. */
  @FunctionalInterface
  interface Timer {
    /** Keeps the task from running if it has not run yet; harmless afterwards. On the task's loop. */
    void cancel();
  }
}
