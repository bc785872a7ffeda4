package io.tidings.bus.postgres;

import io.tidings.bus.wire.Envelope;
import io.tidings.bus.wire.EnvelopeCodec;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attachment table that carries messages NOTIFY cannot: JSON of 8000 bytes or more, or binary. Rows
 * hold the message as MessagePack and are shared with Node nodes, so the SQL is the Node adapter's own:
 * the table name is written unquoted (it was validated as an identifier, so nothing else can get in), and
 * the DDL is its README's.
 *
 * <p>Rows this node wrote are remembered here until their header comes back, so the node never reads
 * its own rows (Node does, twice per attachment); whatever never comes back is forgotten after two
 * cleanup intervals, when the row is gone anyway.
 *
 * <p><b>Threading:</b> event loop only. Every statement runs on the publisher's session: the INSERTs in
 * the publisher's own order, and reads, DDL and cleanup pipelined behind its NOTIFY statements, so a node
 * holds exactly two sessions (this one and the LISTEN one). They run through the session's watch
 * ({@link WatchedConnection}), so a session abandoned for its silence fails them at once instead of leaving
 * them hanging; a read in flight when that session breaks (or is abandoned) is read once more on the next.
 */
final class AttachmentStore {

  /** A row that was cleaned up (or never committed) before it could be read. */
  static final class MissingAttachment extends IOException {
    MissingAttachment(long id) {
      super("attachment " + id + " is gone (cleaned up before it was read?)");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(AttachmentStore.class);

  /** The session the bus's statements run on (the publisher's); waits across a reconnect. */
  private final Supplier<Future<WatchedConnection>> session;
  private final String table;
  private final long cleanupIntervalMillis;
  private final BusCounters counters;
  private final Map<Long, Own> own = new LinkedHashMap<>();

  private record Own(Envelope envelope, long rememberedNanos) {}

  AttachmentStore(Supplier<Future<WatchedConnection>> session, String table, long cleanupIntervalMillis, BusCounters counters) {
    this.session = session;
    this.table = table;
    this.cleanupIntervalMillis = cleanupIntervalMillis;
    this.counters = counters;
  }

  /** The DDL from the Node adapter's README. */
  String createTableSql() {
    return "CREATE TABLE IF NOT EXISTS " + table
        + " (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)";
  }

  String insertSql() {
    return "INSERT INTO " + table + " (payload) VALUES ($1) RETURNING id";
  }

  String selectSql() {
    return "SELECT payload FROM " + table + " WHERE id = $1";
  }

  String cleanupSql() {
    return "DELETE FROM " + table + " WHERE created_at < now() - interval '" + cleanupIntervalMillis + " milliseconds'";
  }

  /**
   * Creates the table unless it exists. Checking first lets a role without CREATE rights use a table an
   * administrator made; a concurrent creation by another node is not an error.
   */
  Future<Void> ensureTable() {
    return session.get().compose(w -> w.run(c -> c.preparedQuery("SELECT to_regclass($1) IS NOT NULL").execute(Tuple.of(table)))
        .compose(rows -> rows.iterator().next().getBoolean(0)
            ? Future.<Void>succeededFuture()
            : w.run(c -> c.query(createTableSql()).execute())
                .<Void>mapEmpty()
                .recover(e -> createdMeanwhile(e) ? Future.succeededFuture() : Future.failedFuture(e))));
  }

  /** Reads and decodes row {@code id}; fails with {@link MissingAttachment} when it is gone. */
  Future<Envelope> fetch(long id) {
    // One retry: a read that was in flight when the publisher's session broke is read again on the next.
    return read(id).recover(e -> isSessionLoss(e) ? read(id) : Future.failedFuture(e)).compose(rows -> {
      RowIterator<Row> it = rows.iterator();
      if (!it.hasNext()) {
        return Future.failedFuture(new MissingAttachment(id));
      }
      Buffer payload = it.next().getBuffer(0);
      if (payload == null) {
        return Future.failedFuture(new MissingAttachment(id));
      }
      try {
        Envelope e = EnvelopeCodec.fromMessagePack(payload.getBytes());
        counters.attachmentsRead.increment();
        return Future.succeededFuture(e);
      } catch (IOException malformed) {
        return Future.failedFuture(malformed);
      }
    });
  }

  /** Deletes rows older than the cleanup interval, as every Node node does too. */
  Future<Integer> cleanup() {
    forgetOwnOlderThan(2 * cleanupIntervalMillis * 1_000_000L);
    return session.get().compose(w -> w.run(c -> c.query(cleanupSql()).execute())).map(rows -> rows.rowCount())
        .onFailure(e -> log.warn("Attachment cleanup failed: {}", e.getMessage()));
  }

  private Future<RowSet<Row>> read(long id) {
    return session.get().compose(w -> w.run(c -> c.preparedQuery(selectSql()).execute(Tuple.of(id))));
  }

  /** The session broke under the statement (not: the server refused it), so running it again may work. */
  private static boolean isSessionLoss(Throwable e) {
    if (e instanceof ClosedConnectionException || e instanceof IOException) return true;
    if (e instanceof PgException pg) {
      String state = pg.getSqlState();
      return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
    return false;
  }

  void rememberOwn(long id, Envelope envelope) {
    own.put(id, new Own(envelope, System.nanoTime()));
  }

  /** The content of a row this node wrote, or null when it is not remembered. */
  Envelope takeOwn(long id) {
    Own o = own.remove(id);
    return o == null ? null : o.envelope();
  }

  private void forgetOwnOlderThan(long ageNanos) {
    long now = System.nanoTime();
    for (Iterator<Own> it = own.values().iterator(); it.hasNext(); ) {
      if (now - it.next().rememberedNanos() <= ageNanos) break; // insertion order = age order
      it.remove();
    }
  }

  private static boolean createdMeanwhile(Throwable e) {
    // Two CREATE TABLE IF NOT EXISTS racing: duplicate_table, or unique_violation on pg_type.
    return e instanceof PgException pg && ("42P07".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState()));
  }
}
