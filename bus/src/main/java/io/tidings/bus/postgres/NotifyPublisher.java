package io.tidings.bus.postgres;

import io.tidings.bus.BusPublishException;
import io.tidings.bus.wire.OutboundMessage;
import io.tidings.bus.wire.Publication;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * given here, when a message leaves the queue, makes every payload unique, and for a sender that numbers
 * nothing (an emitter) a batch ends before a payload it already holds.
 *
 * <p><b>Attachments.</b> A message whose JSON reaches the payload threshold, or that holds binary, is
 * MessagePack-encoded and INSERTed in an autocommit statement of its own once the batch before it is
 * confirmed; its header is the first notification of the next batch. Order is therefore kept through
 * attachments too. The row's content is handed to the {@link AttachmentStore} so this node never reads its
 * own rows back (an emitter, which hears nothing, keeps nothing).
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
 * <p><b>Outcomes.</b> Each message's owner is told ({@link Outgoing#settle}) once its statement committed, or
 * once it was dropped: refused, abandoned at close, or withdrawn because its deadline passed before it was
 * ever part of a statement ({@link #withdrawExpired}; only the publish-only handle gives deadlines).
 *
 * <p><b>A silent connection</b> (no FIN, no reset: a vanished NAT entry, a frozen VM) never fails a
 * statement; it just never answers, and the node goes mute. The connection is a {@link WatchedConnection}:
 * quiet for a probe period with nothing in flight, it is probed with the NOTIFY statement itself over two
 * empty arrays (it notifies nothing and keeps {@code pg_stat_activity.query} saying {@code SELECT pg_notify…}
 * for operators); silent for the silence timeout with a statement unanswered, it is abandoned at once
 * without waiting for its close, everything unconfirmed goes back to the front, and a new connection is
 * opened right away, from which the old backend is terminated ({@link SessionKeeper} keeps the connection;
 * {@link Liveness} has the numbers: with the default heartbeat timeout of 10 s a mute node
 * speaks again within about 6 s, before its peers' timeout declares it gone).
 *
 * <p><b>Threading:</b> {@link #kick()} may be called from any thread; everything else runs on the bus's
 * event loop, which owns all fields but {@code drainScheduled} and {@code stagedCount}.
 */
final class NotifyPublisher {

  static final String NOTIFY_SQL = "SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS t(c, p)";
  static final int MAX_BATCH_MESSAGES = 1_000;
  static final int MAX_BATCH_CHARS = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(NotifyPublisher.class);

  private final Context context;
  private final SessionKeeper keeper;
  private final OutgoingQueue queue;
  private final AttachmentStore attachments;
  private final BusCounters counters;
  private final int payloadThreshold;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ArrayDeque<Staged> staged = new ArrayDeque<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private final ThrottledWarning refused;
  private final ThrottledWarning withdrawn;
  private volatile int stagedCount;
  private int held;
  private Operation inFlight;
  private boolean closed;

  NotifyPublisher(Vertx vertx, Context context, ConnectionOpener opener, OutgoingQueue queue,
      AttachmentStore attachments, BusCounters counters, int payloadThreshold, Liveness liveness) {
    this.context = context;
    this.queue = queue;
    this.attachments = attachments;
    this.counters = counters;
    this.payloadThreshold = payloadThreshold;
    this.refused = new ThrottledWarning(log, "Messages dropped: PostgreSQL refused them", counters.errors());
    this.withdrawn = new ThrottledWarning(log,
        "Messages withdrawn: not handed to PostgreSQL within their send timeout (is the database reachable?)", counters.errors());
    this.keeper = new SessionKeeper(vertx, opener, liveness, "Bus publisher", new SessionKeeper.Owner() {
      @Override
      public Future<Void> setUp(WatchedConnection w) {
        return w.run(c -> c.query("SET synchronous_commit TO off").execute()).mapEmpty();
      }

      @Override
      public void ready(WatchedConnection w) {
        drain();
      }

      @Override
      public Future<?> probe(WatchedConnection w) {
        // Notifies nothing and keeps pg_stat_activity.query saying SELECT pg_notify for operators.
        String[] none = new String[0];
        return w.run(c -> c.preparedQuery(NOTIFY_SQL).execute(Tuple.tuple().addArrayOfString(none).addArrayOfString(none)));
      }

      @Override
      public void lost(String why) {
        log.warn("Publisher connection {}; {} messages wait for another", why, staged.size() + queue.size());
      }
    });
  }

  /** Opens the connection and starts watching it; fails when the database cannot be reached. Event loop. */
  Future<Void> connect() {
    return keeper.start();
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
    List<Staged> ready = new ArrayList<>(waiting.size());
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
    queue.close();
    long abandoned = 0;
    BusPublishException shutDown = new BusPublishException(BusPublishException.Reason.SHUT_DOWN,
        "the publisher closed before the message was sent");
    for (Outgoing o; (o = queue.poll()) != null; abandoned++) {
      o.settle(shutDown);
    }
    for (Staged r; (r = staged.pollFirst()) != null; abandoned++) {
      r.source.settle(shutDown);
    }
    stagedCount = 0;
    counters.dropped.add(abandoned);
    if (abandoned > 0) {
      log.warn("Bus closing with {} messages unsent: dropped", abandoned);
    }
    settleIdleWaiters();
    refused.flushNow();
    withdrawn.flushNow();
    return keeper.close();
  }

  private void drain() {
    if (inFlight != null || keeper.current() == null || closed) {
      return;
    }
    long now = System.nanoTime();
    while (staged.size() < MAX_BATCH_MESSAGES) {
      Outgoing o = queue.poll();
      if (o == null) break;
      if (o.expired(now)) {
        withdraw(List.of(o));
        continue;
      }
      if (!o.source.listening()) {
        o.source.hold(o);
        held++;
        continue;
      }
      staged.addLast(prepare(o));
    }
    stagedCount = staged.size() + held;
    Staged head = staged.peekFirst();
    if (head == null) {
      settleIdleWaiters();
    } else if (head.awaitsInsert()) {
      insert(head);
    } else {
      notifyBatch();
    }
  }

  /**
   * Withdraws every message whose deadline passed before it was ever part of a statement, queued or
   * staged, and tells its owner. Called periodically by an owner that gives deadlines. Event loop.
   */
  void withdrawExpired() {
    long now = System.nanoTime();
    List<Outgoing> expired = new ArrayList<>(queue.removeExpired(now));
    for (var it = staged.iterator(); it.hasNext(); ) {
      Staged r = it.next();
      if (r.source.expired(now)) {
        it.remove();
        expired.add(r.source);
      }
    }
    if (!expired.isEmpty()) {
      stagedCount = staged.size() + held;
      withdraw(expired);
      if (staged.isEmpty() && queue.size() == 0) {
        settleIdleWaiters();
      }
    }
  }

  private void withdraw(List<Outgoing> expired) {
    counters.dropped.add(expired.size());
    withdrawn.record(expired.size(), queue.size() + " still queued");
    BusPublishException late = new BusPublishException(BusPublishException.Reason.NOT_SENT_IN_TIME,
        "not handed to PostgreSQL within its send timeout (is the database reachable?); withdrawn, never sent");
    expired.forEach(o -> o.settle(late));
  }

  private void settleIdleWaiters() {
    if (idleWaiters.isEmpty()) return;
    List<Promise<Void>> waiting = List.copyOf(idleWaiters);
    idleWaiters.clear();
    waiting.forEach(Promise::tryComplete);
  }

  private Staged prepare(Outgoing o) {
    long seq = o.source.nextSeq();
    OutboundMessage m = o.message;
    Publication p = m.publication(seq, payloadThreshold);
    o.source.sent(seq, m.type(), p.json(), m.binary() ? m.dataTree() : null);
    return new Staged(o, p, seq >= 0);
  }

  private void notifyBatch() {
    List<Staged> batch = new ArrayList<>();
    // Unnumbered payloads (an emitter's) may repeat, and one transaction delivers a repeat only once.
    Set<String> unnumbered = new HashSet<>();
    int chars = 0;
    while (!staged.isEmpty() && batch.size() < MAX_BATCH_MESSAGES && chars < MAX_BATCH_CHARS) {
      Staged r = staged.peekFirst();
      if (r.awaitsInsert()) break;
      if (!r.numbered && !unnumbered.add(r.source.source.channel() + '\0' + r.payload)) break;
      batch.add(staged.pollFirst());
      r.source.attempted = true;
      chars += r.payload.length();
    }
    stagedCount = staged.size() + batch.size() + held;
    String[] channels = new String[batch.size()];
    String[] payloads = new String[batch.size()];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = batch.get(i).source.source.channel();
      payloads[i] = batch.get(i).payload;
    }
    Tuple arrays = Tuple.tuple().addArrayOfString(channels).addArrayOfString(payloads);
    Operation op = begin(batch);
    op.conn.run(c -> c.preparedQuery(NOTIFY_SQL).execute(arrays)).onComplete(ar -> {
      finish(op);
      if (ar.succeeded()) {
        counters.published.add(batch.size());
        counters.statements.increment();
        stagedCount = staged.size() + held;
        batch.forEach(r -> r.source.settle(null));
        drain();
      } else if (isConnectionFailure(ar.cause(), op.conn)) {
        requeue(batch);
        keeper.lose(op.conn, "lost (" + ar.cause().getMessage() + ")");
        drain(); // a new connection may already be open
      } else {
        stagedCount = staged.size() + held;
        counters.dropped.add(batch.size());
        refused.record(batch.size(), ar.cause().getMessage());
        BusPublishException failure = refusal(ar.cause());
        batch.forEach(r -> r.source.settle(failure));
        drain();
      }
    });
  }

  private void insert(Staged r) {
    r.source.attempted = true;
    Operation op = begin(List.of());
    op.conn.run(c -> c.preparedQuery(attachments.insertSql()).execute(Tuple.of(Buffer.buffer(r.attachment.row())))).onComplete(ar -> {
      finish(op);
      if (ar.succeeded()) {
        long id = ar.result().iterator().next().getLong(0);
        r.payload = r.attachment.header(id);
        if (r.source.source.hearsOwn()) attachments.rememberOwn(id, r.attachment.envelope());
        r.attachment = null;
        counters.attachmentsWritten.increment();
        drain();
      } else if (isConnectionFailure(ar.cause(), op.conn)) {
        keeper.lose(op.conn, "lost (" + ar.cause().getMessage() + ")"); // the message stays first in line and is inserted again
        drain();
      } else {
        staged.remove(r);
        stagedCount = staged.size() + held;
        counters.dropped.increment();
        refused.record(1, "attachment INSERT: " + ar.cause().getMessage());
        r.source.settle(refusal(ar.cause()));
        drain();
      }
    });
  }

  private Operation begin(List<Staged> batch) {
    Operation op = new Operation(keeper.current(), batch);
    inFlight = op;
    return op;
  }

  private void finish(Operation op) {
    if (inFlight == op) {
      inFlight = null;
    }
  }

  private void requeue(List<Staged> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      staged.addFirst(batch.get(i));
    }
    stagedCount = staged.size() + held;
  }

  /**
   * The publisher's session, for the bus's other statements (attachment reads, cleanup, DDL): they
   * pipeline behind the NOTIFY statements on the same session, so a node holds exactly two sessions (this
   * one and the LISTEN one), and run through its watch, so they fail with the session instead of hanging
   * with it. While the connection is being reopened the future completes when it is back; it fails once
   * the publisher is closed. Event loop.
   */
  Future<WatchedConnection> session() {
    return keeper.session();
  }

  /**
   * True when the statement failed because its connection did, so the messages must be sent again; false
   * when the server (or the client library) refused the statement itself, which sending again would repeat.
   */
  private boolean isConnectionFailure(Throwable cause, WatchedConnection used) {
    if (used != keeper.current() || cause instanceof ClosedConnectionException || cause instanceof IOException) {
      return true;
    }
    if (cause instanceof PgException pg) {
      String state = pg.getSqlState();
      return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
    return cause instanceof VertxException && String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connection");
  }

  private static BusPublishException refusal(Throwable cause) {
    return new BusPublishException(BusPublishException.Reason.REFUSED, "PostgreSQL refused the statement: "
        + cause.getMessage(), cause);
  }

  private static final class Operation {
    final WatchedConnection conn;
    final List<Staged> batch;

    Operation(WatchedConnection conn, List<Staged> batch) {
      this.conn = conn;
      this.batch = batch;
    }
  }
}
