package io.tidings.bus.postgres;

import io.tidings.bus.wire.AttachmentHeader;
import io.tidings.bus.wire.Envelope;
import io.tidings.bus.wire.EnvelopeCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the bus's messages through one pipelined PostgreSQL connection, in the order they were queued.
 *
 * <p><b>Natural batching.</b> One statement is in flight at a time. Whatever queued meanwhile leaves in
 * the next one, {@value #NOTIFY_SQL} with up to {@value #MAX_BATCH_MESSAGES} messages or
 * {@value #MAX_BATCH_CHARS} characters: under load the batches grow by themselves, at rest every message
 * leaves at once, and there is no timer in the way. Each statement is its own transaction that writes
 * nothing but notifications, so it never holds the global NOTIFY commit lock for longer than a commit
 * record. Identical payloads in one transaction would collapse into one notification; the sequence number
 * given here, when a message leaves the queue, makes every payload unique.
 *
 * <p><b>Attachments.</b> A message whose JSON reaches the payload threshold, or that holds binary, is
 * MessagePack-encoded and INSERTed in an autocommit statement of its own once the batch before it is
 * confirmed; its header is the first notification of the next batch. Order is therefore kept through
 * attachments too. The row's content is handed to the {@link AttachmentStore} so this node never reads its
 * own rows back.
 *
 * <p><b>Before LISTEN.</b> A namespace's messages wait until its first {@code LISTEN} took effect: NOTIFY
 * reaches only sessions already listening, and this node must get its own messages back (the
 * {@link io.tidings.bus.BusNamespace#publish} contract). They then leave first, in their order.
 *
 * <p><b>Failures.</b> When the connection is lost, the unconfirmed messages go back to the front, the
 * connection is reopened with backoff, and they are sent again. A statement whose commit was lost with
 * the connection may thus be delivered twice; receivers drop the repeat by its sequence number. A statement
 * the server refuses (a real SQL error) is dropped, counted and logged, so one poisoned batch cannot stall
 * the bus.
 *
 * <p><b>A silent connection</b> (no FIN, no reset: a vanished NAT entry, a frozen VM) never fails a
 * statement; it just never answers, and the node goes mute. The connection is a {@link WatchedConnection}:
 * quiet for a probe period with nothing in flight, it is probed with the NOTIFY statement itself over two
 * empty arrays (it notifies nothing and keeps {@code pg_stat_activity.query} saying {@code SELECT pg_notify…}
 * for operators); silent for the silence timeout with a statement unanswered, it is abandoned at once
 * without waiting for its close, everything unconfirmed goes back to the front, and a new connection is
 * opened right away, from which the old backend is terminated (see {@link ListenConnection} for why and
 * how safely). {@link Liveness} has the numbers: with the default heartbeat timeout of 10 s a mute node
 * speaks again within about 6 s, before its peers' timeout declares it gone.
 *
 * <p><b>Threading:</b> {@link #kick()} may be called from any thread; everything else runs on the bus's
 * event loop, which owns all fields but {@code drainScheduled} and {@code stagedCount}.
 */
final class NotifyPublisher {

  static final String NOTIFY_SQL = "SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS t(c, p)";
  static final int MAX_BATCH_MESSAGES = 1_000;
  static final int MAX_BATCH_CHARS = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(NotifyPublisher.class);

  private final Vertx vertx;
  private final Context context;
  private final ConnectionOpener opener;
  private final OutgoingQueue queue;
  private final AttachmentStore attachments;
  private final BusCounters counters;
  private final int payloadThreshold;
  private final Liveness liveness;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ArrayDeque<Ready> staged = new ArrayDeque<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private final ThrottledWarning refused = new ThrottledWarning(log, "Messages dropped: PostgreSQL refused them");
  private volatile int stagedCount;
  private int held;
  /** Asked for {@link #session()} while it was being reopened. Event loop. */
  private final List<Promise<WatchedConnection>> connectionWaiters = new ArrayList<>();
  /** Backends of abandoned connections, to terminate from the next connection. */
  private final List<Integer> abandonedBackends = new ArrayList<>();
  private WatchedConnection conn;
  private Operation inFlight;
  private int reconnectAttempt;
  private long checkTimer = -1;
  private boolean closed;

  NotifyPublisher(Vertx vertx, Context context, ConnectionOpener opener, OutgoingQueue queue,
      AttachmentStore attachments, BusCounters counters, int payloadThreshold, Liveness liveness) {
    this.vertx = vertx;
    this.context = context;
    this.opener = opener;
    this.queue = queue;
    this.attachments = attachments;
    this.counters = counters;
    this.payloadThreshold = payloadThreshold;
    this.liveness = liveness;
  }

  /** Opens the connection and starts watching it; fails when the database cannot be reached. Event loop. */
  Future<Void> connect() {
    return open().<Void>mapEmpty().onSuccess(v -> {
      if (checkTimer < 0 && !closed) {
        checkTimer = vertx.setPeriodic(liveness.probeIntervalMillis(), t -> check());
      }
    });
  }

  /** Asks for a drain of the queue on the event loop. Any thread; cheap when one is already asked for. */
  void kick() {
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        drainScheduled.set(false);
        drain();
      });
    }
  }

  /**
   * Sends the messages {@code ns} held until its LISTEN took effect, ahead of anything it published later.
   * Event loop.
   */
  void release(PostgresNamespace ns) {
    List<Outgoing> waiting = ns.takeHeld();
    held -= waiting.size();
    List<Ready> ready = new ArrayList<>(waiting.size());
    waiting.forEach(o -> ready.add(prepare(o))); // sequence numbers in publish order
    requeue(ready);
    drain();
  }

  /** Held back for a namespace whose first LISTEN is still under way; dropped by the namespace if it closes. */
  void forgetHeld(int n) {
    held -= n;
  }

  /** Messages taken from the queue but not yet confirmed. Any thread. */
  int stagedCount() {
    return stagedCount;
  }

  /** Completes when nothing is queued, staged or in flight. Event loop. */
  Future<Void> whenIdle() {
    Promise<Void> idle = Promise.promise();
    idleWaiters.add(idle);
    drain();
    return idle.future();
  }

  /**
   * Stops sending; what was not sent is dropped and counted. Waits for the server's goodbye at most one
   * probe period, then closes the socket regardless. Event loop.
   */
  Future<Void> close() {
    closed = true;
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    queue.close();
    long abandoned = 0;
    for (Outgoing o; (o = queue.poll()) != null; abandoned++) {
      done(o);
    }
    for (Ready r; (r = staged.pollFirst()) != null; abandoned++) {
      done(r.source);
    }
    stagedCount = 0;
    counters.dropped.add(abandoned);
    if (abandoned > 0) {
      log.warn("Bus closing with {} messages unsent: dropped", abandoned);
    }
    settleIdleWaiters();
    connectionWaiters.forEach(w -> w.tryFail(ClosedConnectionException.INSTANCE));
    connectionWaiters.clear();
    refused.flushNow();
    WatchedConnection c = conn;
    conn = null;
    if (c == null) {
      return Future.succeededFuture();
    }
    c.connection().closeHandler(null);
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(liveness.probeIntervalMillis(), t -> c.abandon());
    c.connection().close().onComplete(ar -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }

  private void drain() {
    if (inFlight != null || conn == null || closed) {
      return;
    }
    while (staged.size() < MAX_BATCH_MESSAGES) {
      Outgoing o = queue.poll();
      if (o == null) break;
      if (!o.namespace.listening()) {
        o.namespace.hold(o);
        held++;
        continue;
      }
      staged.addLast(prepare(o));
    }
    stagedCount = staged.size() + held;
    Ready head = staged.peekFirst();
    if (head == null) {
      settleIdleWaiters();
    } else if (head.awaitsInsert()) {
      insert(head);
    } else {
      notifyBatch();
    }
  }

  private void settleIdleWaiters() {
    if (idleWaiters.isEmpty()) return;
    List<Promise<Void>> waiting = List.copyOf(idleWaiters);
    idleWaiters.clear();
    waiting.forEach(Promise::tryComplete);
  }

  private Ready prepare(Outgoing o) {
    long seq = o.namespace.nextSeq();
    Ready r = new Ready(o, EnvelopeCodec.closeJson(o.openJson, seq));
    o.namespace.sent(seq, o.type, r.payload, o.binary ? o.data : null);
    if (o.binary || EnvelopeCodec.utf8Length(r.payload) >= payloadThreshold) {
      r.envelope = new Envelope(o.type, o.dataTree(), o.namespace.uid(), o.namespace.name(), seq);
      r.row = EnvelopeCodec.toMessagePack(r.envelope);
    }
    return r;
  }

  private void notifyBatch() {
    List<Ready> batch = new ArrayList<>();
    int chars = 0;
    while (!staged.isEmpty() && batch.size() < MAX_BATCH_MESSAGES && chars < MAX_BATCH_CHARS) {
      Ready r = staged.peekFirst();
      if (r.awaitsInsert()) break;
      batch.add(staged.pollFirst());
      chars += r.payload.length();
    }
    stagedCount = staged.size() + batch.size() + held;
    String[] channels = new String[batch.size()];
    String[] payloads = new String[batch.size()];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = batch.get(i).source.namespace.channel();
      payloads[i] = batch.get(i).payload;
    }
    Operation op = begin(batch);
    op.conn.run(c -> c.preparedQuery(NOTIFY_SQL).execute(Tuple.tuple().addArrayOfString(channels).addArrayOfString(payloads)))
        .onComplete(ar -> {
      finish(op);
      if (ar.succeeded()) {
        counters.published.add(batch.size());
        counters.statements.increment();
        stagedCount = staged.size() + held;
        batch.forEach(r -> done(r.source));
        drain();
      } else if (isConnectionFailure(ar.cause(), op.conn)) {
        requeue(batch);
        lost(op.conn, "lost (" + ar.cause().getMessage() + ")");
        drain(); // a new connection may already be open
      } else {
        stagedCount = staged.size() + held;
        counters.dropped.add(batch.size());
        refused.record(batch.size(), ar.cause().getMessage());
        batch.forEach(r -> done(r.source));
        drain();
      }
    });
  }

  private void insert(Ready r) {
    Operation op = begin(List.of());
    op.conn.run(c -> c.preparedQuery(attachments.insertSql()).execute(Tuple.of(Buffer.buffer(r.row)))).onComplete(ar -> {
      finish(op);
      if (ar.succeeded()) {
        long id = ar.result().iterator().next().getLong(0);
        r.payload = EnvelopeCodec.toJson(new AttachmentHeader(r.envelope.uid(), r.envelope.type(), id, r.envelope.seq()));
        r.row = null;
        attachments.rememberOwn(id, r.envelope);
        counters.attachmentsWritten.increment();
        drain();
      } else if (isConnectionFailure(ar.cause(), op.conn)) {
        lost(op.conn, "lost (" + ar.cause().getMessage() + ")"); // the message stays first in line and is inserted again
        drain();
      } else {
        staged.remove(r);
        stagedCount = staged.size() + held;
        counters.dropped.increment();
        refused.record(1, "attachment INSERT: " + ar.cause().getMessage());
        done(r.source);
        drain();
      }
    });
  }

  private Operation begin(List<Ready> batch) {
    Operation op = new Operation(conn, batch);
    inFlight = op;
    return op;
  }

  private void finish(Operation op) {
    if (inFlight == op) {
      inFlight = null;
    }
  }

  private void requeue(List<Ready> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      staged.addFirst(batch.get(i));
    }
    stagedCount = staged.size() + held;
  }

  /** Judges the connection once per probe period: probes it when quiet, abandons it when silent. */
  private void check() {
    WatchedConnection c = conn;
    if (c == null || closed) {
      return;
    }
    switch (c.check()) {
      case PROBE -> c.run(x -> x.preparedQuery(NOTIFY_SQL).execute(Tuple.tuple().addArrayOfString(new String[0])
              .addArrayOfString(new String[0])))
          .onFailure(e -> log.debug("Publisher probe failed: {}", e.toString()));
      case SILENT -> {
        abandonedBackends.add(c.processId());
        lost(c, "silent for " + c.quietMillis() + " ms with " + c.inFlight() + " statement(s) unanswered: abandoned");
      }
      case ALIVE -> { }
    }
  }

  /**
   * Gives {@code c} up (if it is still the connection): whatever it had in flight fails at once and goes
   * back to the front, and another connection is opened.
   */
  private void lost(WatchedConnection c, String why) {
    if (conn != c || c == null) return;
    conn = null;
    c.abandon(); // fails the statement in flight: its batch is requeued by its own callback
    if (closed) return;
    log.warn("Publisher connection {}; {} messages wait for another", why, staged.size() + queue.size());
    reconnectAttempt = 0;
    reconnectLater();
  }

  private void reconnectLater() {
    long delay = Backoff.RECONNECT.delayMillis(reconnectAttempt++);
    vertx.setTimer(delay, t -> {
      if (closed || conn != null) return;
      open().onComplete(ar -> {
        if (ar.succeeded()) {
          log.info("Publisher connection reopened after {} attempt(s); {} messages to send", reconnectAttempt,
              staged.size() + queue.size());
          reconnectAttempt = 0;
          drain();
        } else {
          log.debug("Publisher reconnect failed: {}", ar.cause().getMessage());
          reconnectLater();
        }
      });
    });
  }

  /**
   * The publisher's session, for the bus's other statements (attachment reads, cleanup, DDL): they
   * pipeline behind the NOTIFY statements on the same session, so a node holds exactly two sessions (this
   * one and the LISTEN one), and run through its watch, so they fail with the session instead of hanging
   * with it. While the connection is being reopened the future completes when it is back; it fails once
   * the publisher is closed. Event loop.
   */
  Future<WatchedConnection> session() {
    if (closed) return Future.failedFuture(ClosedConnectionException.INSTANCE);
    if (conn != null) return Future.succeededFuture(conn);
    Promise<WatchedConnection> p = Promise.promise();
    connectionWaiters.add(p);
    return p.future();
  }

  private Future<WatchedConnection> open() {
    return opener.open()
        .compose(c -> c.query("SET synchronous_commit TO off").execute()
            .map(rows -> c)
            .onFailure(e -> HardClose.now(c)))
        .map(c -> {
          WatchedConnection w = new WatchedConnection(c, liveness, System::nanoTime);
          if (closed) {
            w.abandon();
            return w;
          }
          conn = w;
          c.closeHandler(v -> lost(w, "closed"));
          c.exceptionHandler(e -> log.debug("Publisher connection error: {}", e.toString()));
          terminateAbandoned(w);
          List<Promise<WatchedConnection>> waiting = List.copyOf(connectionWaiters);
          connectionWaiters.clear();
          waiting.forEach(p -> p.tryComplete(w));
          return w;
        });
  }

  private void terminateAbandoned(WatchedConnection w) {
    if (abandonedBackends.isEmpty()) return;
    List<Integer> pids = List.copyOf(abandonedBackends);
    abandonedBackends.clear();
    String applicationName = opener.options().getProperties().get("application_name");
    for (int pid : pids) {
      WatchedConnection.terminateBackend(w, pid, applicationName).onComplete(ar -> {
        if (ar.succeeded() && ar.result()) {
          log.info("Terminated the abandoned publisher backend {}", pid);
        }
      });
    }
  }

  /**
   * True when the statement failed because its connection did, so the messages must be sent again; false
   * when the server (or the client library) refused the statement itself, which sending again would repeat.
   */
  private boolean isConnectionFailure(Throwable cause, WatchedConnection used) {
    if (used != conn || cause instanceof ClosedConnectionException || cause instanceof IOException) {
      return true;
    }
    if (cause instanceof PgException pg) {
      String state = pg.getSqlState();
      return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
    return cause instanceof VertxException && String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connection");
  }

  private static void done(Outgoing o) {
    if (o.onDone != null) {
      o.onDone.run();
    }
  }

  /** A message out of the queue: its sequence number and final payload (or attachment row) are fixed. */
  private static final class Ready {
    final Outgoing source;
    String payload;
    Envelope envelope;
    byte[] row;

    Ready(Outgoing source, String payload) {
      this.source = source;
      this.payload = payload;
    }

    boolean awaitsInsert() {
      return row != null;
    }
  }

  private static final class Operation {
    final WatchedConnection conn;
    final List<Ready> batch;

    Operation(WatchedConnection conn, List<Ready> batch) {
      this.conn = conn;
      this.batch = batch;
    }
  }
}
