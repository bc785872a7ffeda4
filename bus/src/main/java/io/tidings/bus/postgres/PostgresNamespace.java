package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.AckListener;
import io.tidings.bus.BroadcastAcks;
import io.tidings.bus.BusListener;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.LocalBus;
import io.tidings.bus.MessageType;
import io.tidings.bus.wire.Envelope;
import io.tidings.bus.wire.OutboundMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node in one namespace of a {@link PostgresBus}: the public {@link BusNamespace} handle, and the
 * receiving side that turns the namespace's envelopes into listener calls.
 *
 * <p>Receiving, in {@link #dispatch}: any message marks its sender alive; a replay request or replay
 * addressed to this node is acted on at once; then {@link SenderStreams} puts each sender's messages in
 * its order, drops repeats and recovers gaps (replay), and hands each message once to {@link #process}:
 * INITIAL_HEARTBEAT is answered with a HEARTBEAT; heartbeats and ADAPTER_CLOSE are consumed here and
 * reported as joins and leaves; a response to one of this node's requests ({@link PendingRequests}) or
 * broadcasts with ack ({@link PendingAcks}) goes to that request; everything else, this node's own
 * messages included, goes to {@link BusListener#onMessage}.
 *
 * <p>Sending: every message this node numbers is also kept in its {@link ReplayRing} for the replay
 * window, to answer peers that missed it.
 *
 * <p>While its LISTEN connection is down this node is deaf: silence from its peers is then its own, so it
 * evicts nobody, and once it hears again every peer gets a full heartbeat timeout to speak. After the LISTEN
 * connection comes back, the namespace announces itself again (INITIAL_HEARTBEAT, so every peer answers at
 * once) and waits for each numbering sender it heard before the gap to speak again, or long enough for
 * their replays, before it calls {@link BusListener#onReconnected} with the messages still missing.
 *
 * <p><b>Threading:</b> the {@link BusNamespace} methods may be called from any thread and never block;
 * {@link #dispatch} and the other package-private hooks run on the bus's event loop, which owns the
 * receiving state; listener calls go through this namespace's lane of the bus's delivery thread
 * ({@link DeliveryLane}): messages bounded, control calls (joins, leaves, answers, completions) never dropped.
 */
final class PostgresNamespace implements BusNamespace, OutgoingSource {

  private final PostgresBus bus;
  private final String name;
  private final String channel;
  private final BusListener listener;
  private final HeartbeatMonitor monitor;
  private final ReplayRing ring;
  private final SenderStreams streams;
  private final PendingRequests requests;
  private final PendingAcks acks;
  private final DeliveryLane lane;
  private final AtomicBoolean leaving = new AtomicBoolean();
  private final CompletableFuture<Void> listeningFuture = new CompletableFuture<>();
  // Event loop state.
  private long nextSeq;
  private boolean listening;
  private final java.util.ArrayDeque<Outgoing> held = new java.util.ArrayDeque<>();
  private boolean announced;
  private boolean deaf;
  private long lostAtNanos;
  private Set<String> awaitedAfterReconnect;
  private long unrecoveredAtReconnect;
  private long reconnectReportTimer = -1;
  private boolean left;

  PostgresNamespace(PostgresBus bus, String name, String channel, BusListener listener, long heartbeatTimeoutNanos) {
    this.bus = bus;
    this.name = name;
    this.channel = channel;
    this.listener = listener;
    this.monitor = new HeartbeatMonitor(bus.uid(), heartbeatTimeoutNanos);
    this.lane = bus.delivery().lane(name);
    this.requests = new PendingRequests(lane::offerControl, bus.vertx()::cancelTimer);
    this.acks = new PendingAcks(lane::offerControl, new PendingAcks.Timers() {
      @Override public long set(long delayMillis, Runnable task) { return bus.vertx().setTimer(delayMillis, t -> task.run()); }
      @Override public void cancel(long timerId) { bus.vertx().cancelTimer(timerId); }
    });
    PostgresBusConfig config = bus.config();
    long window = config.replayWindow().toNanos();
    this.ring = new ReplayRing(window, config.replayMaxBytes(), System::nanoTime);
    this.streams = new SenderStreams(bus.uid(), name, ring, new SenderStreams.Sink() {
      @Override public void process(Envelope e) { PostgresNamespace.this.process(e); }
      @Override public void askReplay(String sender, long after, String requestId) {
        publish(MessageType.REPLAY_REQUEST, ReplayWire.request(sender, after, requestId));
      }
    }, bus.counters(), window, config.heartbeatTimeout().toNanos(),
        Math.min(java.util.concurrent.TimeUnit.SECONDS.toNanos(1), config.heartbeatInterval().toNanos()),
        config.deliveryQueueLimit());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String uid() {
    return bus.uid();
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public boolean hearsOwn() {
    return true;
  }

  @Override
  public boolean publish(int type, JsonNode data) {
    return bus.enqueue(Outgoing.of(this, type, data));
  }

  @Override
  public boolean publishRaw(int type, String dataJson) {
    return bus.enqueue(Outgoing.ofRaw(this, type, dataJson));
  }

  @Override
  public boolean publishRawAll(int type, List<String> dataJson) {
    List<Outgoing> all = new java.util.ArrayList<>(dataJson.size());
    for (String d : dataJson) all.add(Outgoing.ofRaw(this, type, d));
    return bus.enqueueAll(all);
  }

  @Override
  public boolean publishLatest(String key, int type, JsonNode data) {
    return bus.enqueue(new Outgoing(this, OutboundMessage.of(type, data, uid(), name), key, null));
  }

  @Override
  public Set<String> peers() {
    return monitor.snapshot();
  }

  int peerCount() {
    return monitor.size();
  }

  /** True once {@link #leave()} was called (or the bus is closing). Any thread. */
  boolean isLeaving() {
    return leaving.get();
  }

  /** This namespace's delivery lane. */
  DeliveryLane lane() {
    return lane;
  }

  @Override
  public CompletableFuture<Void> whenListening() {
    return listeningFuture;
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
        lane.offerControl(() -> result.complete(List.of()));
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
  public CompletableFuture<BroadcastAcks> broadcastWithAck(ObjectNode data, Duration timeout, AckListener listener) {
    CompletableFuture<BroadcastAcks> result = new CompletableFuture<>();
    String requestId = LocalBus.randomUid();
    if (leaving.get()) {
      result.complete(BroadcastAcks.none(requestId));
      return result;
    }
    long waitMillis = Math.max(1, (timeout != null ? timeout : bus.config().requestsTimeout()).toMillis());
    // Registered before it is published, and published on this thread: the broadcast keeps its place among
    // the caller's messages, and no answer can come before the request is known. Unlike a request, it is
    // sent even with no known peer: it is a broadcast first, and a peer not heard from yet still delivers it.
    Object registration = acks.register(requestId, monitor.snapshot(), listener == null ? AckListener.NONE : listener,
        result, waitMillis);
    if (!publish(MessageType.BROADCAST, BusNamespace.withRequestId(data, requestId))) {
      acks.withdraw(registration);
      result.completeExceptionally(new IllegalStateException(
          "The broadcast was not sent: the bus's outgoing queue is full, or the bus is closed"));
      return result;
    }
    if (!bus.runOnEventLoop(acks::absorb)) {
      result.complete(BroadcastAcks.none(requestId));
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
    if (!bus.enqueue(new Outgoing(this, OutboundMessage.of(MessageType.ADAPTER_CLOSE, null, uid(), name), null,
        failure -> forget.run()))) {
      bus.runOnEventLoop(forget);
    }
  }

  /** The next sequence number of this node in this namespace. Event loop. */
  @Override
  public long nextSeq() {
    return ++nextSeq;
  }

  /**
   * Keeps a message just numbered for replay: its payload, or its data when it holds binary. Event loop.
   */
  @Override
  public void sent(long seq, int type, String payload, JsonNode binaryData) {
    ring.record(seq, type, payload, binaryData);
  }

  /** Payload characters kept for replay. Event loop (read racily by metrics). */
  long replayRingBytes() {
    return ring.bytes();
  }

  /** True once the first LISTEN on this namespace's channel took effect. Event loop. */
  @Override
  public boolean listening() {
    return listening;
  }

  /** Keeps a message back until the first LISTEN took effect. Event loop. */
  @Override
  public void hold(Outgoing o) {
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
      bus.enqueue(new Outgoing(this, OutboundMessage.of(MessageType.HEARTBEAT, null, uid(), name), "heartbeat", null));
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
      lane.offerControl(() -> listeningFuture.complete(null));
    }
    if (leaving.get()) {
      return;
    }
    bus.enqueue(Outgoing.of(this, MessageType.INITIAL_HEARTBEAT, null));
    boolean reconnected = announced && deaf;
    announced = true;
    deaf = false;
    if (!reconnected) {
      return;
    }
    // Whatever silence the peers showed was this node's own deafness: give them a full timeout again.
    monitor.refreshAll(nowNanos);
    streams.reconnected(nowNanos);
    awaitedAfterReconnect = streams.sendersHeardSince(lostAtNanos - heartbeatTimeoutNanos);
    unrecoveredAtReconnect = bus.counters().unrecovered.sum();
    if (awaitedAfterReconnect.isEmpty()) {
      reportReconnected();
    } else {
      // Long enough for the peers' replays, which may themselves wait for the peers' own reconnects.
      long wait = bus.config().replayWindow().isZero() ? reportAfterMillis
          : reportAfterMillis + bus.config().heartbeatTimeout().toMillis();
      reconnectReportTimer = bus.vertx().setTimer(wait, t -> reportReconnected());
    }
  }

  /**
   * Evicts the peers silent for too long (unless this node is deaf), trims the replay ring, asks again
   * for overdue replays. Event loop, about once a second.
   */
  void evictSilentPeers(long nowNanos) {
    if (!deaf) {
      for (String uid : monitor.evict(nowNanos)) {
        nodeLeft(uid, true);
      }
    }
    ring.trim(nowNanos);
    streams.tick(nowNanos);
  }

  /** One envelope of this namespace, as it arrived. Event loop. */
  void dispatch(Envelope e) {
    if (left) {
      return;
    }
    long now = System.nanoTime();
    String uid = e.uid();
    boolean self = uid.equals(bus.uid());
    // Alive on arrival, even while its messages wait behind a replay.
    if (!self && e.type() != MessageType.ADAPTER_CLOSE && monitor.heard(uid, now)) {
      lane.offerControl(() -> listener.onNodeJoined(uid));
    }
    // Acted on at once, never held: a replay is what releases held messages, and two nodes that both
    // missed messages ask each other at the same time.
    if (!self && e.type() == MessageType.REPLAY_REQUEST && ReplayWire.addressedTo(e.data(), bus.uid())) {
      answerReplay(uid, e.data());
    } else if (!self && e.type() == MessageType.REPLAY && ReplayWire.addressedTo(e.data(), bus.uid())) {
      ReplayWire.Chunk chunk = ReplayWire.parseChunk(e.data(), uid, name);
      if (chunk != null) streams.replayArrived(uid, chunk, now);
    }
    streams.accept(e, now);
  }

  /** True while a replay from {@code uid} is awaited (its attachments are worth reading). Event loop. */
  boolean awaitsReplayFrom(String uid) {
    return streams.awaiting(uid);
  }

  /** The next message of its sender, in that sender's order, exactly once. Event loop. */
  private void process(Envelope e) {
    if (left) {
      return;
    }
    String uid = e.uid();
    boolean self = uid.equals(bus.uid());
    if (!self) {
      noteHeardAfterReconnect(uid);
    }
    switch (e.type()) {
      case MessageType.ADAPTER_CLOSE -> {
        if (!self) {
          streams.forget(uid);
          if (monitor.remove(uid)) {
            nodeLeft(uid, false);
          }
        }
        return;
      }
      case MessageType.INITIAL_HEARTBEAT -> {
        if (!self) {
          bus.enqueue(Outgoing.of(this, MessageType.HEARTBEAT, null));
        }
        return;
      }
      case MessageType.HEARTBEAT, MessageType.REPLAY_REQUEST, MessageType.REPLAY -> {
        return; // consumed by the bus (replays were acted on when they arrived)
      }
      default -> { }
    }
    // The data stays text until the listener asks (a node's own broadcasts are never looked into).
    BusMessage m = BusMessage.received(e.type(), e.jsonData(), uid, name, e.seq(), self);
    if (!self && (requests.accept(m) || acks.accept(m))) {
      return;
    }
    lane.offerMessage(() -> listener.onMessage(m));
  }

  /** Sends {@code asker} what this node sent after the number it names, from the replay ring. */
  private void answerReplay(String asker, JsonNode request) {
    long after = ReplayWire.after(request);
    String requestId = request.path("requestId").asText(null);
    if (after < 0 || requestId == null) {
      return;
    }
    for (ObjectNode chunk : ring.answer(asker, requestId, after, nextSeq, bus.uid(), name)) {
      publish(MessageType.REPLAY, chunk);
    }
  }

  /** Stops everything after ADAPTER_CLOSE went out (or could not). Event loop. */
  void close() {
    left = true;
    leaving.set(true);
    // Directly: the lane may be gone with the namespace.
    listeningFuture.completeExceptionally(new IllegalStateException("Namespace " + name + " closed before its LISTEN took effect"));
    if (!held.isEmpty()) {
      bus.dropHeld(takeHeld());
    }
    requests.finishAll();
    acks.finishAll();
    if (reconnectReportTimer >= 0) {
      bus.vertx().cancelTimer(reconnectReportTimer);
    }
  }

  private void nodeLeft(String uid, boolean timedOut) {
    requests.nodeLeft(uid);
    acks.nodeLeft(uid);
    streams.senderGone(uid, System.nanoTime());
    lane.offerControl(() -> listener.onNodeLeft(uid, timedOut));
  }

  private void noteHeardAfterReconnect(String uid) {
    if (awaitedAfterReconnect != null && !streams.awaiting(uid) && awaitedAfterReconnect.remove(uid)) {
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
    long missed = bus.counters().unrecovered.sum() - unrecoveredAtReconnect;
    lane.offerControl(() -> listener.onReconnected(missed));
  }
}
