package io.tidings.server.channels;

import io.netty.channel.EventLoop;
import io.tidings.server.pusher.PusherConnection;
import java.util.ArrayList;

/**
 * Coalesces flushes per event loop: writes are queued without a flush, and one task queued behind them
 * flushes every connection written to. Broadcasts that pile up in the loop's task queue under load thus
 * leave in one {@code write()} per connection instead of one per message (the syscall is the cost to
 * beat: see performance-facts §3.5).
 *
 * <p>Confined to its loop: every method must be called on that loop.
 */
public final class LoopFlusher implements Runnable {

  private final EventLoop loop;
  private final ArrayList<PusherConnection> dirty = new ArrayList<>();
  private boolean scheduled;

  LoopFlusher(EventLoop loop) {
    this.loop = loop;
  }

  /** Remembers that {@code connection} has unflushed writes. */
  public void markDirty(PusherConnection connection) {
    if (connection.flushPending) return;
    connection.flushPending = true;
    dirty.add(connection);
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
      PusherConnection c = dirty.get(i);
      c.flushPending = false;
      c.flushFrames();
    }
    dirty.clear();
  }
}
