package io.tidings.bus.postgres;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded queue between publishing threads and the {@link NotifyPublisher}.
 *
 * <p>{@link #offer} fails when {@code limit} messages wait; the caller counts the drop. A message offered
 * with a {@code latestKey} replaces, in place, the content of a still-queued message of the same key (and
 * namespace), so an absolute value such as a counter is sent once per batch however often it changes; the
 * replacement keeps the older message's place in the order. Sequence numbers are given only when a
 * message leaves the queue, so a replaced message leaves no gap for receivers to count.
 *
 * <p>Thread-safe: one short lock around the deque.
 */
final class OutgoingQueue {

  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
  private final Map<String, Outgoing> latest = new HashMap<>();
  private final int limit;
  private boolean closed;

  OutgoingQueue(int limit) {
    this.limit = limit;
  }

  /** Queues {@code m} or merges it into its key's queued message; false when full or closed. */
  synchronized boolean offer(Outgoing m) {
    if (closed) {
      return false;
    }
    if (m.latestKey != null) {
      String key = latestKey(m);
      Outgoing queued = latest.get(key);
      if (queued != null) {
        queued.replaceWith(m);
        return true;
      }
      if (queue.size() >= limit) {
        return false;
      }
      latest.put(key, m);
    } else if (queue.size() >= limit) {
      return false;
    }
    queue.addLast(m);
    return true;
  }

  /**
   * Queues every message of {@code all}, in order, or none: false when the room left is less than their
   * number (or the queue is closed). For messages without a {@code latestKey}.
   */
  synchronized boolean offerAll(List<Outgoing> all) {
    if (closed || queue.size() + all.size() > limit) {
      return false;
    }
    queue.addAll(all);
    return true;
  }

  /** Takes the oldest message, or null. */
  synchronized Outgoing poll() {
    Outgoing m = queue.pollFirst();
    if (m != null && m.latestKey != null) {
      latest.remove(latestKey(m), m);
    }
    return m;
  }

  /** Removes and returns, in order, the queued messages whose deadline passed ({@link Outgoing#expired}). */
  synchronized List<Outgoing> removeExpired(long nowNanos) {
    List<Outgoing> expired = new ArrayList<>();
    queue.removeIf(m -> {
      if (!m.expired(nowNanos)) return false;
      expired.add(m);
      if (m.latestKey != null) latest.remove(latestKey(m), m);
      return true;
    });
    return expired;
  }

  synchronized int size() {
    return queue.size();
  }

  /** Refuses further offers; what is queued can still be taken. */
  synchronized void close() {
    closed = true;
  }

  private static String latestKey(Outgoing m) {
    return m.source.name() + '\0' + m.latestKey;
  }
}
