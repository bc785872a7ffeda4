package io.tidings.bus.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which peers of one namespace are alive, as the Node {@code ClusterAdapterWithHeartbeat} decides it:
 * any message from a uid marks it alive, ADAPTER_CLOSE removes it at once, and a uid silent for longer
 * than the heartbeat timeout is evicted by the periodic check. The emitter ({@code "emitter"}), an empty
 * uid and this node itself are never peers.
 *
 * <p><b>Threading:</b> written on the event loop only; {@link #snapshot()} may be called from any thread.
 */
final class HeartbeatMonitor {

  static final String EMITTER_UID = "emitter";

  private final String selfUid;
  private final long timeoutNanos;
  private final Map<String, Long> lastSeenNanos = new ConcurrentHashMap<>();

  HeartbeatMonitor(String selfUid, long timeoutNanos) {
    this.selfUid = selfUid;
    this.timeoutNanos = timeoutNanos;
  }

  /** Notes a message from {@code uid}; true when that makes it a peer it was not a moment ago. */
  boolean heard(String uid, long nowNanos) {
    if (uid.isEmpty() || uid.equals(selfUid) || uid.equals(EMITTER_UID)) {
      return false;
    }
    return lastSeenNanos.put(uid, nowNanos) == null;
  }

  /** Forgets {@code uid}; true when it was a peer. */
  boolean remove(String uid) {
    return lastSeenNanos.remove(uid) != null;
  }

  /**
   * Counts every peer as heard just now: after this node was deaf, their silence was its own doing.
   */
  void refreshAll(long nowNanos) {
    lastSeenNanos.replaceAll((uid, seen) -> nowNanos);
  }

  /** Removes and returns the peers silent for longer than the timeout. */
  List<String> evict(long nowNanos) {
    List<String> gone = new ArrayList<>();
    lastSeenNanos.forEach((uid, seen) -> {
      if (nowNanos - seen > timeoutNanos) {
        gone.add(uid);
      }
    });
    gone.forEach(lastSeenNanos::remove);
    return gone;
  }

  /** The peers alive now, as an immutable copy. Any thread. */
  Set<String> snapshot() {
    return Set.copyOf(lastSeenNanos.keySet());
  }

  /** How many peers are alive. Any thread. */
  int size() {
    return lastSeenNanos.size();
  }
}
