package io.tidings.bus.postgres;

import io.tidings.bus.Bus;
import io.tidings.bus.BusListener;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.BusPublishException;
import io.tidings.bus.BusPublisher;
import io.tidings.bus.BusStats;
import io.tidings.bus.LocalBus;
import io.tidings.bus.MessageType;
import io.tidings.bus.wire.ChannelName;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus over PostgreSQL LISTEN/NOTIFY, wire-compatible with the Node
 * {@code @socket.io/postgres-adapter} 0.5: Node and Tidings nodes can share one database and see each
 * other as peers (see {@code shared/reference/socketio-postgres-wire.md}).
 *
 * <p>One bus holds exactly two sessions on one database: a dedicated LISTEN connection
 * ({@link ListenConnection}) and one pipelined publisher connection ({@link NotifyPublisher}), on which
 * the attachment reads, cleanup and DDL ({@link AttachmentStore}) also run. Both are watched for silence
 * and replaced within the heartbeat timeout when they go mute without closing ({@link Liveness}). It owns a Vert.x instance with a
 * single event loop (native transport where available) on which all of them and all bus state live, and
 * one delivery thread ({@link Delivery}) on which listeners are called, with a bounded lane per namespace.
 * {@link #publisher} starts the publish-only side alone, for emitters. Nothing the database does —
 * refusing, vanishing, restarting — ends the process: connections come back by themselves and what was
 * lost is counted in {@link #stats()} and logged.
 *
 * <p><b>Threading:</b> every public method is thread-safe and non-blocking except {@link #close()}, which
 * waits for {@link #shutdown()}; do not call it from a listener (the delivery thread would wait for itself).
 */
public final class PostgresBus implements Bus {

  private static final Logger log = LoggerFactory.getLogger(PostgresBus.class);
  private static final long EVICTION_CHECK_MILLIS = 1_000;

  private final String uid = LocalBus.randomUid();
  private final PostgresBusConfig config;
  private final Vertx vertx;
  private final Context context;
  private final ConnectionOpener opener;
  private final BusCounters counters;
  private final OutgoingQueue outgoing;
  private final Delivery delivery;
  private final AttachmentStore attachments;
  private final NotifyPublisher publisher;
  private final ListenConnection listen;
  private final InboundSequencer inbound;
  private final Map<String, PostgresNamespace> namespaces = new ConcurrentHashMap<>();
  private final Map<String, PostgresNamespace> byChannel = new HashMap<>(); // event loop
  private final List<Long> timers = new ArrayList<>(); // event loop
  private final ThrottledWarning overflow;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private PostgresBus(PostgresBusConfig config, Vertx vertx) {
    this.config = config;
    this.vertx = vertx;
    this.counters = new BusCounters(config.errorHandler());
    this.overflow = new ThrottledWarning(log, "Dropped outgoing bus messages: the queue is full", config.errorHandler());
    this.context = vertx.getOrCreateContext();
    this.outgoing = new OutgoingQueue(config.outgoingQueueLimit());
    this.delivery = new Delivery("tidings-bus-delivery-" + uid, config.deliveryQueueLimit(), counters);
    this.opener = new ConnectionOpener(vertx, context, connectOptions(config, "tidings-bus " + uid), config.connectTimeout());
    // Both sessions are replaced within the heartbeat timeout when they go silent, before peers give up.
    Liveness liveness = Liveness.within(config.heartbeatTimeout());
    this.attachments = new AttachmentStore(this::publisherSession, config.attachmentTable(),
        config.cleanupInterval().toMillis(), counters);
    this.publisher = new NotifyPublisher(vertx, context, opener, outgoing, attachments, counters,
        config.payloadThreshold(), liveness);
    this.inbound = new InboundSequencer(vertx, uid, attachments, counters, config.requestsTimeout().toMillis(),
        byChannel::get, namespaces::get);
    this.listen = new ListenConnection(vertx, opener, liveness, "Bus", new ListenConnection.Events() {
      @Override public void onNotification(String channel, String payload) { inbound.accept(channel, payload); }
      @Override public void onListening(String channel) { listening(channel); }
      @Override public void onLost() { lost(); }
    });
    counters.gauges(() -> outgoing.size() + publisher.stagedCount(),
        () -> namespaces.values().stream().mapToInt(PostgresNamespace::peerCount).sum(),
        () -> namespaces.values().stream().mapToLong(PostgresNamespace::replayRingBytes).sum(),
        delivery::droppedByNamespace);
  }

  /**
   * Connects to the database, creates the attachment table if it is missing, and starts listening.
   * Fails, with a message naming the database, when it cannot be reached within twice the connect timeout.
   */
  public static CompletableFuture<PostgresBus> start(PostgresBusConfig config) {
    Vertx vertx = newVertx();
    PostgresBus bus;
    try {
      bus = new PostgresBus(config, vertx);
    } catch (RuntimeException e) {
      vertx.close();
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<PostgresBus> started = new CompletableFuture<>();
    bus.context.runOnContext(v -> withinMillis(vertx, bus.open(), 2 * config.connectTimeout().toMillis())
        .onComplete(ar -> {
          if (ar.succeeded()) {
            log.info("Bus {} started on {} (native transport: {})", bus.uid, config.describe(), vertx.isNativeTransportEnabled());
            started.complete(bus);
            return;
          }
          IllegalStateException failure = new IllegalStateException(
              "Cannot start the PostgreSQL bus on " + config.describe() + ": " + ar.cause().getMessage(), ar.cause());
          bus.release().whenComplete((x, y) -> started.completeExceptionally(failure));
        }));
    return started;
  }

  /**
   * Starts a publish-only handle on the database of {@code config}: one session, no LISTEN, no heartbeat,
   * uid {@value BusPublisher#EMITTER_UID}, never counted as a node (see {@link PostgresBusPublisher}). Of
   * {@code config} it uses the database, channel prefix, attachment table, payload threshold, outgoing
   * queue limit and timeouts. Fails, with a message naming the database, when it cannot be reached within
   * twice the connect timeout.
   */
  public static CompletableFuture<BusPublisher> publisher(PostgresBusConfig config) {
    return PostgresBusPublisher.start(config);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public BusNamespace join(String namespace, BusListener listener) {
    if (closing.get()) {
      throw new IllegalStateException("The bus is shut down");
    }
    String channel = ChannelName.of(config.channelPrefix(), namespace);
    boolean[] created = {false};
    PostgresNamespace joined = namespaces.computeIfAbsent(namespace, n -> {
      created[0] = true;
      PostgresNamespace ns = new PostgresNamespace(this, n, channel, listener, config.heartbeatTimeout().toNanos());
      context.runOnContext(v -> {
        byChannel.put(channel, ns);
        listen.listen(channel);
      });
      return ns;
    });
    if (!created[0]) {
      throw new IllegalStateException("Namespace " + namespace + " is already joined on bus " + uid
          + (joined.isLeaving() ? " and still leaving: join again once it has left" : ": one node has one membership per namespace (one uid, one listener)"));
    }
    return joined;
  }

  @Override
  public BusStats stats() {
    return counters;
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    if (!closing.compareAndSet(false, true)) {
      return terminated;
    }
    context.runOnContext(v -> {
      namespaces.values().forEach(ns -> enqueue(Outgoing.of(ns, MessageType.ADAPTER_CLOSE, null)));
      withinMillis(vertx, publisher.whenIdle(), config.requestsTimeout().toMillis())
          .otherwiseEmpty()
          .onComplete(x -> release().whenComplete((y, z) -> terminated.complete(null)));
    });
    return terminated;
  }

  // ---- for the namespaces (package-private) ----

  /** The publisher's session, which the attachment store shares (see {@link NotifyPublisher#session()}). */
  private Future<WatchedConnection> publisherSession() {
    return publisher.session();
  }

  PostgresBusConfig config() {
    return config;
  }

  Vertx vertx() {
    return vertx;
  }

  Delivery delivery() {
    return delivery;
  }

  /** Queues a message for sending; false (counted, logged) when the queue is full or the bus closed. */
  boolean enqueue(Outgoing m) {
    if (!outgoing.offer(m)) {
      refused(1);
      return false;
    }
    publisher.kick();
    return true;
  }

  /** Queues all of {@code all} or none; false (all counted as dropped, logged) when they do not fit. */
  boolean enqueueAll(List<Outgoing> all) {
    if (all.isEmpty()) {
      return !closing.get();
    }
    if (!outgoing.offerAll(all)) {
      refused(all.size());
      return false;
    }
    publisher.kick();
    return true;
  }

  private void refused(int n) {
    counters.dropped.add(n);
    overflow.record(n, closing.get() ? "the bus is shutting down" : outgoing.size() + " queued, limit " + config.outgoingQueueLimit());
  }

  /** Runs {@code task} on the event loop; false when the bus is already closed. */
  boolean runOnEventLoop(Runnable task) {
    if (terminated.isDone()) {
      return false;
    }
    context.runOnContext(v -> task.run());
    return true;
  }

  /** Sends what {@code ns} held back until its LISTEN took effect. Event loop. */
  void releaseHeld(PostgresNamespace ns) {
    publisher.release(ns);
  }

  /** Gives up messages held back for a namespace that closed before its LISTEN took effect. Event loop. */
  void dropHeld(List<Outgoing> messages) {
    publisher.forgetHeld(messages.size());
    counters.dropped.add(messages.size());
    BusPublishException left = new BusPublishException(BusPublishException.Reason.SHUT_DOWN,
        "the namespace left before its LISTEN took effect");
    messages.forEach(o -> o.settle(left));
  }

  BusCounters counters() {
    return counters;
  }

  /** Removes a namespace that left. Event loop. */
  void forget(PostgresNamespace ns) {
    namespaces.remove(ns.name(), ns);
    byChannel.remove(ns.channel(), ns);
    listen.unlisten(ns.channel());
    ns.close();
    delivery.remove(ns.lane());
  }

  // ---- event loop ----

  private Future<Void> open() {
    return publisher.connect()
        .compose(v -> attachments.ensureTable())
        .compose(v -> listen.start())
        .onSuccess(v -> {
          timers.add(vertx.setPeriodic(config.heartbeatInterval().toMillis(), t -> namespaces.values().forEach(PostgresNamespace::heartbeat)));
          timers.add(vertx.setPeriodic(EVICTION_CHECK_MILLIS, t -> checkPeers()));
          timers.add(vertx.setPeriodic(config.cleanupInterval().toMillis(), t -> attachments.cleanup()));
        });
  }

  /**
   * {@code f}, or a failure after {@code millis}. Vert.x's own {@code Future.timeout} fires on a Netty
   * global thread; this timer fires on the event loop, which owns the state the callers touch.
   */
  static <T> Future<T> withinMillis(Vertx vertx, Future<T> f, long millis) {
    io.vertx.core.Promise<T> result = io.vertx.core.Promise.promise();
    long timer = vertx.setTimer(millis, t -> result.tryFail(new java.util.concurrent.TimeoutException("no answer within " + millis + " ms")));
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }

  private void checkPeers() {
    long now = System.nanoTime();
    namespaces.values().forEach(ns -> ns.evictSilentPeers(now));
    overflow.flush();
    delivery.flushWarnings(false);
    inbound.flushWarnings(false);
  }

  private void listening(String channel) {
    PostgresNamespace ns = byChannel.get(channel);
    if (ns != null) {
      ns.onListening(System.nanoTime(), config.heartbeatInterval().toMillis(), config.heartbeatTimeout().toNanos());
    }
  }

  private void lost() {
    counters.listenReconnects.increment();
    try {
      config.errorHandler().onError(new io.tidings.bus.BusException(
          "The LISTEN connection was lost; reconnecting (messages sent meanwhile are replayed where their senders can)", 0));
    } catch (RuntimeException ignored) {
      // The handler's own failure must not become the bus's.
    }
    long now = System.nanoTime();
    namespaces.values().forEach(ns -> ns.onLost(now));
  }

  /**
   * Closes connections, then the delivery thread (after what it holds, pending requests finishing with
   * the responses they have), then Vert.x. Event loop.
   */
  private CompletableFuture<Void> release() {
    closing.set(true);
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    namespaces.values().forEach(PostgresNamespace::close);
    overflow.flushNow();
    delivery.flushWarnings(true);
    inbound.flushWarnings(true);
    CompletableFuture<Void> released = new CompletableFuture<>();
    Future.join(listen.close().otherwiseEmpty(), publisher.close()).onComplete(x -> opener.close().onComplete(o ->
        delivery.stop().whenComplete((y, z) ->
            vertx.close().onComplete(w -> released.complete(null)))));
    return released;
  }

  /** The bus's own Vert.x: one event loop (native transport where available), and no more threads than needed. */
  static Vertx newVertx() {
    return Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(1)
        .setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1)
        .setPreferNativeTransport(true));
  }

  /**
   * Every connection of a node carries {@code application_name = tidings-bus <uid>} (an emitter's
   * {@code tidings-bus emitter}), so an operator (or a fault test) can tell the sessions apart in
   * {@code pg_stat_activity}.
   */
  static PgConnectOptions connectOptions(PostgresBusConfig config, String applicationName) {
    return new PgConnectOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setDatabase(config.database())
        .setUser(config.user())
        .setPassword(config.password())
        .setCachePreparedStatements(true)
        .addProperty("application_name", applicationName);
  }
}
