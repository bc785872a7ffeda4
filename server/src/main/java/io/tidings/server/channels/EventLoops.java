package io.tidings.server.channels;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's event loops, numbered 0..n-1. Every WebSocket connection lives on one loop for its
 * whole life, and everything about it (its subscriptions, its place in each channel's per-loop member
 * list, its writes) is touched only on that loop. Immutable after construction; thread-safe.
 */
public final class EventLoops {

  private final EventLoop[] loops;
  private final LoopFlusher[] flushers;
  private final Map<EventLoop, Integer> index = new IdentityHashMap<>();

  public EventLoops(EventLoopGroup group) {
    List<EventLoop> list = new ArrayList<>();
    for (EventExecutor e : group) list.add((EventLoop) e);
    this.loops = list.toArray(new EventLoop[0]);
    this.flushers = new LoopFlusher[loops.length];
    for (int i = 0; i < loops.length; i++) {
      index.put(loops[i], i);
      flushers[i] = new LoopFlusher(loops[i]);
    }
  }

  public int size() {
    return loops.length;
  }

  public EventLoop get(int i) {
    return loops[i];
  }

  /** The number of {@code loop}. */
  public int indexOf(EventLoop loop) {
    Integer i = index.get(loop);
    if (i == null) throw new IllegalArgumentException("not one of the server's event loops");
    return i;
  }

  /** The flusher of loop {@code i}; use it only on that loop. */
  public LoopFlusher flusher(int i) {
    return flushers[i];
  }
}
