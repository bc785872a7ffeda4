package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.BusListener;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.LocalBus;
import io.tidings.bus.MessageType;
import io.tidings.bus.wire.Envelope;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node in one namespace of a {@link PostgresBus}: the public {@link BusNamespace} handle, and the
 * receiving side that turns the namespace's envelopes into listener calls.
 *
 * <p>Receiving, in {@link #dispatch}: a repeat (same sender, a sequence number already seen) is dropped;
 * a gap is counted as missed; any message marks its sender alive; INITIAL_HEARTBEAT is answered with a
 * HEARTBEAT; heartbeats and ADAPTER_CLOSE are consumed here and reported as joins and leaves; a response to
 * one of this node's requests completes that request; everything else, this node's own messages included,
 * goes to {@link BusListener#onMessage}.
 *
 * <p>After the LISTEN connection comes back, the namespace announces itself again (INITIAL_HEARTBEAT, so
 * every peer answers at once) and waits for each numbering sender it heard before the gap to speak again,
 * or one heartbeat interval, before it calls {@link BusListener#onReconnected} with the messages their
 * sequence numbers show were missed.
 *
 * <p><b>Threading:</b> the {@link BusNamespace} methods may be called from any thread and never block;
 * {@link #dispatch} and the other package-private hooks run on the bus's event loop, which owns the
 * receiving state; listener calls go through the bus's delivery thread.
 */
final class PostgresNamespace implements BusNamespace {

  private final PostgresBus bus;
  private final String name;
  private final String channel;
  private final BusListener listener;
  private final HeartbeatMonitor monitor;
  private final SequenceTracker sequences = new SequenceTracker();
  private final PendingRequests requests;
  private final AtomicBoolean leaving = new AtomicBoolean();
  // Event loop state.
  private long nextSeq;
  private boolean listening;
  private final java.util.ArrayDeque<Outgoing> held = new java.util.ArrayDeque<>();
  private boolean announced;
  private boolean deaf;
  private long lostAtNanos;
  private Set<String> awaitedAfterReconnect;
  private long missedSinceReconnect;
  private long reconnectReportTimer = -1;
  private boolean left;

  PostgresNamespace(PostgresBus bus, String name, String channel, BusListener listener, long heartbeatTimeoutNanos) {
    this.bus = bus;
    this.name = name;
    this.channel = channel;
    this.listener = listener;
    this.monitor = new HeartbeatMonitor(bus.uid(), heartbeatTimeoutNanos);
    this.requests = new PendingRequests(bus.delivery()::offerControl, bus.vertx()::cancelTimer);
  }

  @Override
  public String name() {
    return name;
  }

  String uid() {
    return bus.uid();
  }

  String channel() {
    return channel;
  }

  @Override
  public void publish(int type, JsonNode data) {
    bus.enqueue(new Outgoing(this, type, data, null, null));
  }

  @Override
  public void publishLatest(String key, int type, JsonNode data) {
    bus.enqueue(new Outgoing(this, type, data, key, null));
  }

  @Override
  public Set<String> peers() {
    return monitor.snapshot();
  }

  int peerCount() {
    return monitor.size();
  }

  @Override
  public CompletableFuture<List<BusMessage>> request(int type, ObjectNode data, int responseType, Duration timeout) {
    CompletableFuture<List<BusMessage>> result = new CompletableFuture<>();
    String requestId = LocalBus.randomUid();
    data.put("requestId", requestId);
    long waitMillis = Math.max(1, (timeout != null ? timeout : bus.config().requestsTimeout()).toMillis());
    if (!bus.runOnEventLoop(() -> {
      Set<String> expected = monitor.snapshot();
      if (left || expected.isEmpty()) {
        // As Node: with nobody to ask, the answer is "no responses", at once and without publishing.
        bus.delivery().offerControl(() -> result.complete(List.of()));
        return;
      }
      requests.add(requestId, responseType, expected, result);
      requests.timer(requestId, bus.vertx().setTimer(waitMillis, t -> requests.finish(requestId)));
      publish(type, data);
    })) {
      result.complete(List.of());
    }
    return result;
  }

  @Override
  public void respond(BusMessage request, int responseType, ObjectNode data) {
    JsonNode id = request.data() == null ? null : request.data().get("requestId");
    if (id == null || !id.isTextual()) {
      throw new IllegalArgumentException("Not a request (no requestId): type " + request.type() + " from " + request.uid());
    }
    // Node writes requestId first; keep its order so responses look the same on the wire.
    ObjectNode response = data.objectNode();
    response.put("requestId", id.textValue());
    response.setAll(data);
    publish(responseType, response);
  }

  @Override
  public void leave() {
    if (leaving.getAndSet(true)) {
      return;
    }
    Runnable forget = () -> bus.forget(this);
    if (!bus.enqueue(new Outgoing(this, MessageType.ADAPTER_CLOSE, null, null, forget))) {
      bus.runOnEventLoop(forget);
    }
  }

  /** The next sequence number of this node in this namespace. Event loop. */
  long nextSeq() {
    return ++nextSeq;
  }

  /** True once the first LISTEN on this namespace's channel took effect. Event loop. */
  boolean listening() {
    return listening;
  }

  /** Keeps a message back until the first LISTEN took effect. Event loop. */
  void hold(Outgoing o) {
    held.addLast(o);
  }

  /** The messages held back, in publish order; none are held afterwards. Event loop. */
  List<Outgoing> takeHeld() {
    List<Outgoing> all = List.copyOf(held);
    held.clear();
    return all;
  }

  /** Says HEARTBEAT; a still-queued one is enough, so it replaces rather than piles up. Event loop. */
  void heartbeat() {
    if (!leaving.get()) {
      bus.enqueue(new Outgoing(this, MessageType.HEARTBEAT, null, "heartbeat", null));
    }
  }

  /** The LISTEN connection was lost. Event loop. */
  void onLost(long nowNanos) {
    if (!deaf) {
      deaf = true;
      lostAtNanos = nowNanos;
    }
  }

  /** {@code LISTEN} on this namespace's channel took effect, first or again. Event loop. */
  void onListening(long nowNanos, long reportAfterMillis, long heartbeatTimeoutNanos) {
    if (!listening) {
      listening = true;
      bus.releaseHeld(this);
    }
    if (leaving.get()) {
      return;
    }
    bus.enqueue(new Outgoing(this, MessageType.INITIAL_HEARTBEAT, null, null, null));
    boolean reconnected = announced && deaf;
    announced = true;
    deaf = false;
    if (!reconnected) {
      return;
    }
    awaitedAfterReconnect = sequences.numberedSendersHeardSince(lostAtNanos - heartbeatTimeoutNanos);
    awaitedAfterReconnect.remove(bus.uid());
    missedSinceReconnect = 0;
    if (awaitedAfterReconnect.isEmpty()) {
      reportReconnected();
    } else {
      reconnectReportTimer = bus.vertx().setTimer(reportAfterMillis, t -> reportReconnected());
    }
  }

  /** Evicts the peers silent for too long. Event loop. */
  void evictSilentPeers(long nowNanos) {
    for (String uid : monitor.evict(nowNanos)) {
      nodeLeft(uid, true);
    }
    sequences.prune(nowNanos);
  }

  /** One envelope of this namespace, in the bus's order. Event loop. */
  void dispatch(Envelope e) {
    if (left) {
      return;
    }
    long now = System.nanoTime();
    String uid = e.uid();
    boolean self = uid.equals(bus.uid());
    long gap = sequences.check(uid, e.seq(), now);
    if (gap == SequenceTracker.REPEAT) {
      return;
    }
    if (!self) {
      bus.countMissed(gap);
      noteHeardAfterReconnect(uid, gap);
    }
    if (e.type() == MessageType.ADAPTER_CLOSE) {
      if (!self) {
        sequences.forget(uid);
        if (monitor.remove(uid)) {
          nodeLeft(uid, false);
        }
      }
      return;
    }
    if (!self && monitor.heard(uid, now)) {
      bus.delivery().offerControl(() -> listener.onNodeJoined(uid));
    }
    if (e.type() == MessageType.INITIAL_HEARTBEAT) {
      if (!self) {
        bus.enqueue(new Outgoing(this, MessageType.HEARTBEAT, null, null, null));
      }
      return;
    }
    if (e.type() == MessageType.HEARTBEAT) {
      return;
    }
    BusMessage m = new BusMessage(e.type(), e.data(), uid, name, e.seq(), self);
    if (!self && requests.accept(m)) {
      return;
    }
    bus.delivery().offerMessage(() -> listener.onMessage(m));
  }

  /** Stops everything after ADAPTER_CLOSE went out (or could not). Event loop. */
  void close() {
    left = true;
    leaving.set(true);
    if (!held.isEmpty()) {
      bus.dropHeld(takeHeld());
    }
    requests.finishAll();
    if (reconnectReportTimer >= 0) {
      bus.vertx().cancelTimer(reconnectReportTimer);
    }
  }

  private void nodeLeft(String uid, boolean timedOut) {
    requests.nodeLeft(uid);
    bus.delivery().offerControl(() -> listener.onNodeLeft(uid, timedOut));
  }

  private void noteHeardAfterReconnect(String uid, long gap) {
    if (awaitedAfterReconnect != null && awaitedAfterReconnect.remove(uid)) {
      missedSinceReconnect += gap;
      if (awaitedAfterReconnect.isEmpty()) {
        reportReconnected();
      }
    }
  }

  private void reportReconnected() {
    if (awaitedAfterReconnect == null) {
      return;
    }
    awaitedAfterReconnect = null;
    if (reconnectReportTimer >= 0) {
      bus.vertx().cancelTimer(reconnectReportTimer);
      reconnectReportTimer = -1;
    }
    long missed = missedSinceReconnect;
    bus.delivery().offerControl(() -> listener.onReconnected(missed));
  }
}
