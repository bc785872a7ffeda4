package io.tidings.bus.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.BusPublishException;
import io.tidings.bus.BusPublisher;
import io.tidings.bus.BusStats;
import io.tidings.bus.wire.ChannelName;
import io.tidings.bus.wire.OutboundMessage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish-only side of the PostgreSQL bus ({@link BusPublisher}), for emitters: one pipelined session
 * ({@link NotifyPublisher}, the same batching, reconnection and attachment handling as a node's) and
 * nothing else — no LISTEN connection, no heartbeat, no delivery thread. Its messages carry the uid
 * {@value BusPublisher#EMITTER_UID} and no sequence number, so receivers pass them straight through (no
 * replay bookkeeping) and never count the emitter as a node. The attachment table is created if missing, as
 * a node does; old rows are left to the nodes' cleanup, as Node's emitter does.
 *
 * <p>Messages given with a send timeout ({@link #send}) are checked every {@value #WITHDRAW_CHECK_MILLIS} ms
 * and withdrawn once it passed without their being handed to PostgreSQL.
 *
 * <p>Its session is named {@code tidings-bus emitter} in {@code pg_stat_activity}.
 *
 * <p><b>Threading:</b> the public methods are thread-safe and non-blocking (but {@link #close()}); the
 * session and every per-namespace sender live on the publisher's own single Vert.x event loop.
 */
public final class PostgresBusPublisher implements BusPublisher {

  private static final Logger log = LoggerFactory.getLogger(PostgresBusPublisher.class);
  /** How often waiting messages are checked against their send timeout: a tenth of a second's lateness at most. */
  static final long WITHDRAW_CHECK_MILLIS = 100;

  /** What a namespace is to the publisher: a channel, and nothing to number, hold or remember. */
  private record EmitterNamespace(String name, String channel) implements OutgoingSource {
    @Override public String uid() { return EMITTER_UID; }
    @Override public boolean listening() { return true; }
    @Override public void hold(Outgoing o) { throw new IllegalStateException("an emitter never waits for a LISTEN"); }
    @Override public long nextSeq() { return -1; }
    @Override public void sent(long seq, int type, String payload, JsonNode binaryData) {}
    @Override public boolean hearsOwn() { return false; }
  }

  private final PostgresBusConfig config;
  private final Vertx vertx;
  private final Context context;
  private final BusCounters counters;
  private final OutgoingQueue outgoing;
  private final AttachmentStore attachments;
  private final NotifyPublisher publisher;
  private final ConnectionOpener opener;
  private final Map<String, EmitterNamespace> namespaces = new ConcurrentHashMap<>();
  private final ThrottledWarning overflow;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private long withdrawTimer = -1;

  private PostgresBusPublisher(PostgresBusConfig config, Vertx vertx) {
    this.config = config;
    this.vertx = vertx;
    this.counters = new BusCounters(config.errorHandler());
    this.overflow = new ThrottledWarning(log, "Dropped emitter messages (queue full, or shut down)", config.errorHandler());
    this.context = vertx.getOrCreateContext();
    this.outgoing = new OutgoingQueue(config.outgoingQueueLimit());
    this.opener = new ConnectionOpener(vertx, context, PostgresBus.connectOptions(config, "tidings-bus emitter"),
        config.connectTimeout());
    this.attachments = new AttachmentStore(() -> publisher().session(), config.attachmentTable(),
        config.cleanupInterval().toMillis(), counters);
    // Replaced within the heartbeat timeout when it goes silent, as a node's publisher is.
    this.publisher = new NotifyPublisher(vertx, context, opener, outgoing, attachments, counters,
        config.payloadThreshold(), Liveness.within(config.heartbeatTimeout()));
    counters.gauges(() -> outgoing.size() + publisher.stagedCount(), () -> 0, () -> 0, Map::of);
  }

  /** See {@link PostgresBus#publisher}. */
  static CompletableFuture<BusPublisher> start(PostgresBusConfig config) {
    Vertx vertx = PostgresBus.newVertx();
    PostgresBusPublisher p;
    try {
      p = new PostgresBusPublisher(config, vertx);
    } catch (RuntimeException e) {
      vertx.close();
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<BusPublisher> started = new CompletableFuture<>();
    p.context.runOnContext(v -> PostgresBus.withinMillis(vertx, p.publisher.connect().compose(x -> p.attachments.ensureTable()),
            2 * config.connectTimeout().toMillis())
        .onComplete(ar -> {
          if (ar.succeeded()) {
            p.withdrawTimer = vertx.setPeriodic(WITHDRAW_CHECK_MILLIS, t -> p.publisher.withdrawExpired());
            log.info("Bus publisher (emitter) started on {}", config.describe());
            started.complete(p);
            return;
          }
          IllegalStateException failure = new IllegalStateException(
              "Cannot start the PostgreSQL bus publisher on " + config.describe() + ": " + ar.cause().getMessage(), ar.cause());
          p.release().whenComplete((x, y) -> started.completeExceptionally(failure));
        }));
    return started;
  }

  @Override
  public boolean publish(String namespace, int type, JsonNode data) {
    return enqueue(Outgoing.of(sender(namespace), type, data));
  }

  @Override
  public boolean publishRaw(String namespace, int type, String dataJson) {
    return enqueue(Outgoing.ofRaw(sender(namespace), type, dataJson));
  }

  @Override
  public CompletableFuture<Void> send(String namespace, int type, JsonNode data, Duration sendTimeout) {
    if (sendTimeout == null || sendTimeout.isNegative() || sendTimeout.isZero()) {
      throw new IllegalArgumentException("sendTimeout must be positive, was " + sendTimeout);
    }
    CompletableFuture<Void> outcome = new CompletableFuture<>();
    EmitterNamespace sender = sender(namespace);
    Outgoing m = new Outgoing(sender, OutboundMessage.of(type, data, sender.uid(), sender.name()), null,
        failure -> {
          if (failure == null) outcome.complete(null);
          else outcome.completeExceptionally(failure);
        },
        System.nanoTime() + sendTimeout.toNanos());
    if (!enqueue(m)) {
      outcome.completeExceptionally(closing.get()
          ? new BusPublishException(BusPublishException.Reason.SHUT_DOWN, "the publisher is shut down")
          : new BusPublishException(BusPublishException.Reason.QUEUE_FULL,
              "the outgoing queue is full (" + config.outgoingQueueLimit() + " messages)"));
    }
    return outcome;
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
    context.runOnContext(v -> PostgresBus.withinMillis(vertx, publisher.whenIdle(), config.requestsTimeout().toMillis())
        .otherwiseEmpty()
        .onComplete(x -> release().whenComplete((y, z) -> terminated.complete(null))));
    return terminated;
  }

  private NotifyPublisher publisher() {
    return publisher;
  }

  private EmitterNamespace sender(String namespace) {
    return namespaces.computeIfAbsent(namespace, n -> new EmitterNamespace(n, ChannelName.of(config.channelPrefix(), n)));
  }

  private boolean enqueue(Outgoing m) {
    if (closing.get() || !outgoing.offer(m)) {
      counters.dropped.increment();
      overflow.record(1, closing.get() ? "the publisher is shutting down"
          : outgoing.size() + " queued, limit " + config.outgoingQueueLimit());
      return false;
    }
    publisher.kick();
    return true;
  }

  /** Closes the session, then Vert.x. Event loop. */
  private CompletableFuture<Void> release() {
    closing.set(true);
    overflow.flushNow();
    if (withdrawTimer >= 0) {
      vertx.cancelTimer(withdrawTimer);
    }
    CompletableFuture<Void> released = new CompletableFuture<>();
    publisher.close().onComplete(x -> opener.close().onComplete(o -> vertx.close().onComplete(y -> released.complete(null))));
    return released;
  }
}
