package io.tidings.emitter;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Publishes into a Socket.IO cluster on the caller's own JDBC connection, inside whatever transaction it has
 * open: for a backend with its own pool (Spring, plain JDBC) that wants its messages to go out with its data.
 * It opens no connection and needs no Vert.x; any {@link Connection} to the cluster's PostgreSQL will do.
 *
 * <pre>{@code
 * JdbcEmitter emitter = JdbcEmitter.create(EmitterOptions.defaults());   // once; thread-safe
 * try (Connection c = dataSource.getConnection()) {
 *   c.setAutoCommit(false);
 *   orders.insert(c, order);
 *   emitter.on(c).to("shop-" + order.shop()).emit("order", order);      // sent when c commits
 *   c.commit();
 * }
 * }</pre>
 *
 * <p><b>The guarantee.</b> PostgreSQL delivers a NOTIFY when the transaction that sent it commits, and never
 * if it rolls back. So an emit inside a transaction reaches the cluster <em>at commit</em> and <em>never on
 * rollback</em>; a message that needs the attachment table (binary, or {@code payloadThreshold} bytes of JSON or
 * more) has its row inserted in the same transaction, so a rolled-back emit leaves no row either. Messages
 * arrive in commit order, and those of one transaction in the order they were emitted, together with the
 * transaction's other NOTIFYs. In autocommit mode each emit is sent at once (a message with an attachment is
 * then two statements, the row first).
 *
 * <p><b>The caveats.</b> PostgreSQL delivers identical notifications sent in one transaction (same channel,
 * same payload) only once: emitting the very same event with the very same arguments twice in one
 * transaction reaches clients once (make the messages differ, with an id say; through the table they always
 * differ). A failed emit (an {@link EmitterException} carrying the {@link java.sql.SQLException}) aborts the
 * transaction, as any failed statement does: roll it back. And a transaction that notifies takes a global
 * lock when it commits, held until the commit is durable: transactions that write data <em>and</em> notify
 * commit one at a time (measured: 2.6k tps for INSERT+NOTIFY from 8 clients with {@code synchronous_commit=on}
 * against 10.9k tps for the INSERT alone; 10.8k with {@code synchronous_commit=off}). For high write rates
 * where at-commit delivery is not needed, emit through an {@link Emitter}, whose own session notifies in
 * transactions that write nothing.
 *
 * <p>The attachment table must exist: create it once with {@link #createAttachmentTable} (or the Node
 * adapter's DDL); an emitter never runs DDL inside a caller's transaction by itself.
 *
 * <p><b>Threading:</b> immutable and thread-safe; share one. What {@link #on} returns is bound to its
 * connection, which JDBC lets one thread use at a time.
 */
public final class JdbcEmitter {

  private final EmitterOptions options;
  private final EmitterCounters counters;
  private final String nsp;

  JdbcEmitter(EmitterOptions options, EmitterCounters counters, String nsp) {
    this.options = options;
    this.counters = counters;
    this.nsp = nsp;
  }

  /** A JDBC emitter for namespace {@code /}; of {@code options} it uses the key, table, threshold and mapper. */
  public static JdbcEmitter create(EmitterOptions options) {
    return new JdbcEmitter(Objects.requireNonNull(options, "options"), new EmitterCounters(() -> 0), "/");
  }

  /** A JDBC emitter with the default options (key {@code socket.io}, table {@code socket_io_attachments}). */
  public static JdbcEmitter create() {
    return create(EmitterOptions.defaults());
  }

  /** The namespace this emitter publishes to. */
  public String namespace() {
    return nsp;
  }

  /** An emitter for namespace {@code nsp} ({@code "/"} added in front if missing), with the same options. */
  public JdbcEmitter of(String nsp) {
    return new JdbcEmitter(options, counters, ClusterMessages.namespace(nsp));
  }

  /**
   * Emits on {@code connection}, to every socket of this namespace until narrowed with
   * {@link JdbcBroadcastOperator#to} and friends. The connection stays the caller's: it is neither committed
   * nor closed here.
   */
  public JdbcBroadcastOperator on(Connection connection) {
    return new JdbcBroadcastOperator(Objects.requireNonNull(connection, "connection"), options, counters, nsp,
        BroadcastOptions.EVERYONE);
  }

  /**
   * Creates the attachment table if it does not exist, with the Node adapter's DDL, on {@code connection} (in
   * its current transaction, if one is open).
   *
   * @throws EmitterException when PostgreSQL refuses it (no right to create tables, say)
   */
  public void createAttachmentTable(Connection connection) {
    try (Statement s = connection.createStatement()) {
      s.execute(JdbcPublication.createTableSql(options.tableName()));
    } catch (SQLException e) {
      throw new EmitterException("Cannot create the attachment table " + options.tableName() + ": " + e.getMessage(), e);
    }
  }

  /** What this emitter (and every one derived from it) sent and failed to send. */
  public EmitterStats stats() {
    return counters;
  }

  EmitterOptions options() {
    return options;
  }
}
