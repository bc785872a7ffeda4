package io.tidings.transport.loop;

import io.netty.channel.EventLoop;
import java.util.ArrayList;

/**
 * Coalesces flushes per event loop: writes are queued without a flush, and one task queued behind them
 * flushes every target written to. Broadcasts that pile up in the loop's task queue under load thus
 * leave in one {@code write()} per connection instead of one per message (the syscall is the cost to
 * beat: see performance-facts §3.5).
 *
 * <p><b>Threading:</b> confined to its loop: every method must be called on that loop.
 */
public final class LoopFlusher implements Runnable {

  /** Something with unflushed writes: a connection. */
  public interface Target {
    /** Flushes what was written. Called by the flusher, on its loop. */
    void flushNow();
  }

  private final EventLoop loop;
  private final ArrayList<Target> dirty = new ArrayList<>();
  private boolean scheduled;

  LoopFlusher(EventLoop loop) {
    this.loop = loop;
  }

  /**
   * Remembers that {@code target} has unflushed writes. The caller adds each target once per flush (it
   * keeps its own "pending" flag, cleared in {@link Target#flushNow}), so the list stays short.
   */
  public void add(Target target) {
    dirty.add(target);
    if (!scheduled) {
      scheduled = true;
      loop.execute(this);
    }
  }

  @Override
  public void run() {
    scheduled = false;
    // Index loop: a flush may close a connection, which never adds to this list while we run.
    for (int i = 0; i < dirty.size(); i++) {
      dirty.get(i).flushNow();
    }
    dirty.clear();
  }
}
