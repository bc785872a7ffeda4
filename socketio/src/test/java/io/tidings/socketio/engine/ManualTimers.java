package io.tidings.socketio.engine;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link EngineTimers} whose time only moves when the test says so: {@link #advance} runs every task that
 * falls due, in time order, each on its own loop (waiting for it to finish), so a test of a 25 s heartbeat
 * takes milliseconds and sees exactly the steps it expects.
 */
final class ManualTimers implements EngineTimers {

  private static final class Task implements Timer {
    final long due;
    final long order;
    final EventLoop loop;
    final Runnable run;
    volatile boolean cancelled;

    Task(long due, long order, EventLoop loop, Runnable run) {
      this.due = due;
      this.order = order;
      this.loop = loop;
      this.run = run;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final List<Task> tasks = new ArrayList<>();
  private long now;
  private long order;

  @Override
  public synchronized Timer schedule(EventLoop loop, long delayMillis, Runnable task) {
    Task t = new Task(now + delayMillis, order++, loop, task);
    tasks.add(t);
    return t;
  }

  @Override
  public synchronized long currentTimeMillis() {
    return 1_700_000_000_000L + now;
  }

  /** Moves time forward by {@code millis}, running what falls due on the way. */
  void advance(long millis) throws Exception {
    long target;
    synchronized (this) {
      target = now + millis;
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> !t.cancelled && t.due <= target)
            .min(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.order)).orElse(null);
        if (next == null) {
          now = target;
          return;
        }
        tasks.remove(next);
        now = Math.max(now, next.due);
      }
      Task run = next;
      run.loop.submit(() -> {
        if (!run.cancelled) run.run.run();
      }).get(5, TimeUnit.SECONDS);
    }
  }

  /** Tasks scheduled and neither run nor cancelled. */
  synchronized long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }
}
