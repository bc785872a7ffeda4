package io.tidings.transport.loop;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's event loops, numbered 0..n-1. Every connection lives on one loop for its whole life, and
 * everything about it (its rooms, its place in each room's per-loop member list, its writes) is touched
 * only on that loop. Each loop has a {@link LoopFlusher} and a broadcast stamp counter.
 *
 * <p><b>Threading:</b> immutable after construction and thread-safe, except {@link #flusher} and
 * {@link #nextStamp}, which are confined to the loop they are asked for.
 */
public final class EventLoops {

  private final EventLoop[] loops;
  private final LoopFlusher[] flushers;
  private final StampCounter[] stamps;
  private final Map<EventLoop, Integer> index = new IdentityHashMap<>();

  public EventLoops(EventLoopGroup group) {
    List<EventLoop> list = new ArrayList<>();
    for (EventExecutor e : group) list.add((EventLoop) e);
    this.loops = list.toArray(new EventLoop[0]);
    this.flushers = new LoopFlusher[loops.length];
    this.stamps = new StampCounter[loops.length];
    for (int i = 0; i < loops.length; i++) {
      index.put(loops[i], i);
      flushers[i] = new LoopFlusher(loops[i]);
      stamps[i] = new StampCounter();
    }
  }

  public int size() {
    return loops.length;
  }

  public EventLoop get(int i) {
    return loops[i];
  }

  /** The number of {@code loop}; throws when it is not one of these loops. */
  public int indexOf(EventLoop loop) {
    Integer i = index.get(loop);
    if (i == null) throw new IllegalArgumentException("not one of the server's event loops");
    return i;
  }

  /** The flusher of loop {@code i}; use it only on that loop. */
  public LoopFlusher flusher(int i) {
    return flushers[i];
  }

  /**
   * A number loop {@code i} has never handed out before. The fan-out stamps the recipients a broadcast
   * reached or excluded with it; one counter per loop, shared by every registry on these loops, so two
   * registries can never hand out the same stamp on one loop. On loop {@code i} only.
   */
  public long nextStamp(int i) {
    return ++stamps[i].value;
  }

  /** One loop's counter, padded so that two loops' counters never share a cache line. */
  @SuppressWarnings("unused")
  private static final class StampCounter {
    long p1, p2, p3, p4, p5, p6, p7;
    long value;
    long q1, q2, q3, q4, q5, q6, q7;
  }
}
