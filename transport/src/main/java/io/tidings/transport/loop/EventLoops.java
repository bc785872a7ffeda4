package io.tidings.transport.loop;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The server's event loops, numbered 0..n-1. Every connection lives on one loop for its whole life, and
 * everything about it (its rooms, its place in each room's per-loop member list, its writes) is touched
 * only on that loop. Each loop has a {@link LoopFlusher}, a broadcast stamp counter and a count of the
 * tasks handed to it in order ({@link #runInOrder}).
 *
 * <p><b>Threading:</b> immutable after construction and thread-safe, except {@link #flusher} and
 * {@link #nextStamp}, which are confined to the loop they are asked for.
 */
public final class EventLoops {

  private final EventLoop[] loops;
  private final LoopFlusher[] flushers;
  private final StampCounter[] stamps;
  /** Per loop, at index {@code i * PAD}: tasks handed over by {@link #runInOrder} and not yet started. */
  private final AtomicIntegerArray handedOver;
  /** Ints between two loops' counts, so that they never share a cache line. */
  private static final int PAD = 16;
  private final Map<EventLoop, Integer> index = new IdentityHashMap<>();

  public EventLoops(EventLoopGroup group) {
    List<EventLoop> list = new ArrayList<>();
    for (EventExecutor e : group) list.add((EventLoop) e);
    this.loops = list.toArray(new EventLoop[0]);
    this.flushers = new LoopFlusher[loops.length];
    this.stamps = new StampCounter[loops.length];
    this.handedOver = new AtomicIntegerArray(loops.length * PAD);
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

  /**
   * Runs {@code task} on loop {@code i} after every task handed to that loop by this method before it:
   * at once when called on loop {@code i} while none of them waits, else as a task of the loop.
   *
   * <p>Why: a loop reads its sockets before it runs its task queue. A broadcast handed to loop {@code i}
   * by another loop waits in the queue while loop {@code i} may already be reading a request that was sent
   * only after the first broadcast was answered (a publisher posting events one after another over two
   * keep-alive connections); run inline, the second broadcast would reach the loop's members first. So the
   * shortcut is taken only when nothing handed over earlier is still waiting. It may still pass tasks the
   * loop got by other means (a write handed over with {@code execute}); those carry no order with respect
   * to broadcasts.
   *
   * <p>Any thread; {@code task} must not block.
   */
  public void runInOrder(int i, Runnable task) {
    EventLoop loop = loops[i];
    if (loop.inEventLoop() && handedOver.get(i * PAD) == 0) {
      task.run();
      return;
    }
    handedOver.incrementAndGet(i * PAD);
    loop.execute(() -> {
      handedOver.decrementAndGet(i * PAD);
      task.run();
    });
  }

  /** One loop's counter, padded so that two loops' counters never share a cache line. */
  @SuppressWarnings("unused")
  private static final class StampCounter {
    long p1, p2, p3, p4, p5, p6, p7;
    long value;
    long q1, q2, q3, q4, q5, q6, q7;
  }
}
