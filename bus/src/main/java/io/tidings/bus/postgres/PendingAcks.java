package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.AckListener;
import io.tidings.bus.BroadcastAcks;
import io.tidings.bus.BusMessage;
import io.tidings.bus.MessageType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The broadcasts with acknowledgements one namespace has sent and still waits on: requests whose peers
 * each answer several messages, BROADCAST_CLIENT_COUNT (11, {@code {requestId, clientCount}}) once, then
 * that many BROADCAST_ACK (12, {@code {requestId, packet}}).
 *
 * <p><b>Completion.</b> The peers expected are those alive when the broadcast left, plus any other peer
 * that answers it (it heard the broadcast, so its acknowledgements will follow). A request completes when
 * every expected peer's count is met: its count arrived and that many acknowledgements from it. A peer
 * that leaves or is evicted is dropped from the expectation, which may complete the request early (Node's
 * broadcast operator has no such rule and waits for its timeout instead). At the timeout the request ends
 * with what came. Acknowledgements that arrive before their sender's count (an attachment read can delay
 * the count) are counted all the same.
 *
 * <p><b>Tolerance.</b> A count without {@code clientCount} is 0 (Go peers omit it when 0); a count that
 * is not a non-negative integer is taken as 0 too rather than stalling the request. The {@code packet} of
 * an acknowledgement is never looked into (Go sends an array, Node a single value).
 *
 * <p><b>Threading:</b> {@link #register} may be called from any thread: the caller registers a broadcast
 * <em>before</em> publishing it, on its own thread, so that the broadcast keeps its place among the
 * caller's other messages and no answer can arrive before the request is known. Registrations wait in a
 * concurrent queue that the event loop takes in ({@link #absorb}) before it looks at any answer or
 * departure; everything else runs on the event loop. Listener calls and completions are handed to
 * {@code deliver} (the namespace's delivery lane, whose control calls are never dropped), so the listener
 * sees every answer before the completion, in arrival order, on the delivery thread.
 */
final class PendingAcks {

  private static final class Peer {
    int count = -1;
    int acks;

    boolean met() {
      return count >= 0 && acks >= count;
    }
  }

  /** Timers on the event loop (Vert.x's, or a test's). */
  interface Timers {
    long set(long delayMillis, Runnable task);

    void cancel(long timerId);
  }

  private static final class Pending {
    final String requestId;
    final AckListener listener;
    final CompletableFuture<BroadcastAcks> future;
    final long timeoutMillis;
    /** Set by the registering thread when the broadcast could not be published. */
    volatile boolean withdrawn;
    final Map<String, Peer> expected = new LinkedHashMap<>();
    final Set<String> left = new HashSet<>();
    final Map<String, Integer> counts = new HashMap<>();
    final List<BusMessage> acks = new ArrayList<>();
    long timer = -1;

    Pending(String requestId, Set<String> peers, AckListener listener, CompletableFuture<BroadcastAcks> future,
        long timeoutMillis) {
      this.requestId = requestId;
      this.listener = listener;
      this.future = future;
      this.timeoutMillis = timeoutMillis;
      peers.forEach(uid -> expected.put(uid, new Peer()));
    }

    boolean met() {
      for (Peer p : expected.values()) {
        if (!p.met()) return false;
      }
      return true;
    }
  }

  private final Map<String, Pending> byId = new HashMap<>();
  private final ConcurrentLinkedQueue<Pending> registered = new ConcurrentLinkedQueue<>();
  private final Consumer<Runnable> deliver;
  private final Timers timers;

  PendingAcks(Consumer<Runnable> deliver, Timers timers) {
    this.deliver = deliver;
    this.timers = timers;
  }

  /**
   * Registers a broadcast about to be published, expecting the answers of {@code peers} (the peers alive
   * now). Any thread; call {@link #absorb} on the event loop afterwards.
   *
   * @return a handle to {@link #withdraw} the registration if the broadcast cannot be published
   */
  Object register(String requestId, Set<String> peers, AckListener listener, CompletableFuture<BroadcastAcks> future,
      long timeoutMillis) {
    Pending p = new Pending(requestId, peers, listener, future, timeoutMillis);
    registered.add(p);
    return p;
  }

  /** The broadcast of {@code registration} was not published: nothing is awaited for it. Any thread. */
  void withdraw(Object registration) {
    ((Pending) registration).withdrawn = true;
  }

  /**
   * Takes in what was registered since the last call: starts each request's timer, and completes at once
   * those that expect nobody. Event loop; every other method calls it first.
   */
  void absorb() {
    for (Pending p; (p = registered.poll()) != null; ) {
      if (p.withdrawn) continue;
      byId.put(p.requestId, p);
      if (p.met()) {
        finish(p.requestId, false);
      } else {
        String id = p.requestId;
        p.timer = timers.set(p.timeoutMillis, () -> finish(id, true));
      }
    }
  }

  /** True when {@code m} answers one of these broadcasts (and was taken by it). */
  boolean accept(BusMessage m) {
    if (m.type() != MessageType.BROADCAST_CLIENT_COUNT && m.type() != MessageType.BROADCAST_ACK) {
      return false;
    }
    absorb();
    if (byId.isEmpty()) {
      return false; // nothing is awaited: do not build the message's tree to find out
    }
    JsonNode data = m.data();
    JsonNode id = data == null ? null : data.get("requestId");
    if (id == null || !id.isTextual()) return false;
    Pending p = byId.get(id.textValue());
    if (p == null) return false;
    String uid = m.uid();
    Peer peer = p.expected.get(uid);
    if (peer == null) {
      if (p.left.contains(uid) || uid.isEmpty() || uid.equals(HeartbeatMonitor.EMITTER_UID)) {
        return true; // already given up on, or not a node: nothing to wait for
      }
      peer = new Peer();
      p.expected.put(uid, peer);
    }
    AckListener listener = p.listener;
    if (m.type() == MessageType.BROADCAST_CLIENT_COUNT) {
      if (peer.count >= 0) return true; // one count per peer; a repeat changes nothing
      int count = clientCount(data.get("clientCount"));
      peer.count = count;
      p.counts.put(uid, count);
      deliver.accept(() -> listener.onClientCount(uid, count));
    } else {
      peer.acks++;
      p.acks.add(m);
      deliver.accept(() -> listener.onAck(m));
    }
    if (p.met()) finish(p.requestId, false);
    return true;
  }

  /** {@code uid} left: nothing more will come from it. */
  void nodeLeft(String uid) {
    absorb();
    List<String> done = new ArrayList<>();
    byId.forEach((id, p) -> {
      Peer peer = p.expected.remove(uid);
      if (peer != null) {
        if (!peer.met()) p.left.add(uid);
        if (p.met()) done.add(id);
      }
    });
    done.forEach(id -> finish(id, false));
  }

  /** Ends {@code requestId} with what it has; {@code timedOut} when its timer did it. */
  void finish(String requestId, boolean timedOut) {
    Pending p = byId.remove(requestId);
    if (p == null) return;
    if (p.timer >= 0) timers.cancel(p.timer);
    Set<String> missing = new HashSet<>();
    p.expected.forEach((uid, peer) -> {
      if (!peer.met()) missing.add(uid);
    });
    BroadcastAcks result = new BroadcastAcks(p.requestId, p.acks, p.counts, p.left, missing, timedOut);
    deliver.accept(() -> p.future.complete(result));
  }

  /** Ends every pending request with what it has (the namespace is closing). */
  void finishAll() {
    absorb();
    List.copyOf(byId.keySet()).forEach(id -> finish(id, false));
  }

  private static int clientCount(JsonNode n) {
    if (n == null || n.isNull() || !n.canConvertToInt()) return 0;
    return n.isIntegralNumber() ? Math.max(0, n.intValue()) : 0;
  }
}
